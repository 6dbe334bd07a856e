package org.evidencepipeline.capturer;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.S3Requests;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.capturer.browser.BrowserSettings;
import org.evidencepipeline.capturer.browser.ChromiumInstall;
import org.evidencepipeline.capturer.capture.CaptureRig;
import org.evidencepipeline.capturer.capture.HostPageRate;
import org.evidencepipeline.capturer.capture.PageCapturer;
import org.evidencepipeline.capturer.capture.PageProvenanceWriter;
import org.evidencepipeline.capturer.capture.UrlCheck;
import org.evidencepipeline.capturer.proxy.ProxyCa;
import org.evidencepipeline.capturer.proxy.ProxySettings;
import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.capturer.video.StreamCaps;
import org.evidencepipeline.capturer.video.VideoCapturer;
import org.evidencepipeline.capturer.video.VideoProvenanceWriter;
import org.evidencepipeline.capturer.video.mux.Ffmpeg;
import org.evidencepipeline.capturer.video.mux.Muxer;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.capturer.video.ytdlp.YtDlp;
import org.evidencepipeline.capturer.video.ytdlp.YtDlpCapture;
import org.evidencepipeline.capturer.video.ytdlp.YtDlpSettings;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.ToolInfo;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Wires the capturer's plain classes; each stays testable without CDI. */
public class CapturerBeans {
    private static final Logger LOG = Logger.getLogger(CapturerBeans.class);

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ToolInfo tool(CapturerConfig config, @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        CapturerConfig.Browser b = config.browser();
        CapturerConfig.Proxy p = config.proxy();
        String settings = b.viewportWidth() + "|" + b.viewportHeight() + "|" + b.maxScreenshotHeight() + "|" + b.settle() + "|"
                + b.pageDeadline() + "|" + b.restartAfterPages() + "|" + b.memoryCap().asLongValue() + "|" + p.connectTimeout()
                + "|" + p.readTimeout() + "|" + p.maxResponseBytes() + "|" + p.maxPageBytes() + "|" + p.maxRequests() + "|"
                + p.allowCidrs().orElse(List.of()) + "|" + config.s3().bucket() + "|" + videoSettings(config.video());
        return new ToolInfo("capturer", version, Hashes.sha256Hex(settings).substring(0, 16));
    }

    private static String videoSettings(CapturerConfig.Video v) {
        return v.enabled() + "|" + v.maxBytes() + "|" + v.maxDuration() + "|" + v.maxSegments() + "|" + v.wallTime() + "|"
                + v.partTimeout() + "|" + v.maxHeight() + "|" + v.muxDeadline() + "|" + v.ytDlpDeadline() + "|" + v.ytDlpFormat();
    }

    @Produces
    @Singleton
    VettedResolver resolver(CapturerConfig config) {
        List<Cidr> allowed = config.proxy().allowCidrs().orElse(List.of()).stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        if (!allowed.isEmpty()) {
            LOG.warnf("pages may reach internal networks %s (capturer.proxy.allow-cidrs)", allowed);
        }
        return new VettedResolver(new AddressPolicy(allowed));
    }

    /** Every request the archive's client sends, counted by method ({@code archive_s3_requests_total}). */
    @Produces
    @Singleton
    S3Requests s3Requests(MeterRegistry registry) {
        return S3Requests.boundTo(registry);
    }

    @Produces
    @Singleton
    MinioClient minio(CapturerConfig config, S3Requests requests) {
        CapturerConfig.S3 s3 = config.s3();
        return requests.minioBuilder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build();
    }

    @Produces
    @Singleton
    ArchiveStore archiveStore(MinioClient client, CapturerConfig config) {
        return new ArchiveStore(client, config.s3().bucket(), config.s3().retention(),
                io.minio.messages.RetentionMode.valueOf(config.s3().retentionMode()));
    }

    @Produces
    @Singleton
    PageCapturer pageCapturer(CapturerConfig config, VettedResolver resolver, ArchiveStore store, ToolInfo tool, Clock clock) {
        Optional<TimestampClient> timestamps = timestamps(config);
        timestamps.ifPresent(t -> LOG.infof("page provenance records are time-stamped by %s", config.timestamp().tsaUrl().get()));
        Optional<CaptureRig> rig = Optional.empty();
        String skipReason = ChromiumInstall.MISSING;
        try {
            Optional<ChromiumInstall> install = ChromiumInstall.locate(config.browser().chromium().map(Path::of),
                    config.browser().chromedriver().map(Path::of));
            if (install.isEmpty()) {
                LOG.warn(ChromiumInstall.MISSING);
            } else {
                rig = Optional.of(startRig(install.get(), config, resolver, tool));
                LOG.infof("page capture on: Chromium %s, %s", install.get().version(), install.get().driverVersion());
            }
        } catch (Exception e) {
            // The service stays up and healthy, and says for every page why it was not captured.
            skipReason = "the browser did not start: " + e.getMessage();
            LOG.errorf(e, "page capture off: %s", skipReason);
        }
        return new PageCapturer(new UrlCheck(resolver), new HostPageRate(clock, HostPageRate.Sleeper.THREAD), store,
                new PageProvenanceWriter(store, timestamps), rig, skipReason, tool, clock, config.browser().pageDeadline());
    }

    void closeCapturer(@Disposes PageCapturer capturer) {
        capturer.close();
    }

    private static Optional<TimestampClient> timestamps(CapturerConfig config) {
        if (!config.timestamp().perRecord()) {
            return Optional.empty();
        }
        return config.timestamp().tsaUrl().filter(u -> !u.isBlank())
                .map(u -> new TimestampClient(URI.create(u), config.timestamp().timeout()));
    }

    private static Path workDir(CapturerConfig config) {
        return config.workDir().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"), "capturer"));
    }

    /** ffmpeg and yt-dlp are looked for once, at start; each absent one is said once, and the service runs without it. */
    @Produces
    @Singleton
    VideoCapturer videoCapturer(CapturerConfig config, VettedResolver resolver, ArchiveStore store, ToolInfo tool, Clock clock) {
        CapturerConfig.Video v = config.video();
        CapturerConfig.Proxy p = config.proxy();
        Path work = workDir(config);
        Optional<Ffmpeg> ffmpeg = locate("ffmpeg", () -> Ffmpeg.locate(v.ffmpeg().map(Path::of)));
        if (ffmpeg.isEmpty()) {
            LOG.warn(Ffmpeg.MISSING);
        } else {
            LOG.infof("video muxing on: %s", ffmpeg.get().version());
        }
        // The MP4 copies the parts' streams: never much larger than they are.
        Optional<Muxer> muxer = ffmpeg.map(f -> new Muxer(f, v.muxDeadline(), v.maxBytes() + v.maxBytes() / 10));
        Optional<RecordingProxy> ytDlpProxy = Optional.empty();
        Optional<YtDlpCapture> ytDlp = Optional.empty();
        Optional<YtDlp> ytDlpProgram = locate("yt-dlp", () -> YtDlp.locate(v.ytDlp().map(Path::of)));
        if (ytDlpProgram.isEmpty()) {
            LOG.warn(YtDlp.MISSING);
        } else {
            try {
                // yt-dlp's own recording proxy: the page proxy records one page session at a time.
                ProxySettings settings = new ProxySettings(p.connectTimeout(), p.readTimeout(), v.maxBytes(), v.maxBytes(),
                        p.maxRequests(), work.resolve("yt-dlp-proxy"), SSLContext.getDefault(),
                        "evidence-pipeline " + tool.name() + "/" + tool.version());
                ytDlpProxy = Optional.of(RecordingProxy.start(settings, resolver, ProxyCa.generate()));
                ytDlp = Optional.of(new YtDlpCapture(ytDlpProgram.get(), ytDlpProxy.get(), new YtDlpSettings(v.ytDlpDeadline(),
                        v.maxBytes(), v.ytDlpFormat(), ffmpeg.map(Ffmpeg::binary), work.resolve("yt-dlp"))));
                LOG.infof("site video capture on: yt-dlp %s", ytDlpProgram.get().version());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                LOG.errorf(e, "site video capture off: yt-dlp's recording proxy did not start");
            }
        }
        StreamCaps caps = new StreamCaps(v.maxBytes(), v.maxDuration(), v.maxSegments(), v.wallTime(), v.partTimeout(),
                p.connectTimeout(), p.readTimeout());
        VideoCapturer.Settings settings = new VideoCapturer.Settings(v.enabled(), caps, new VariantRule(v.maxHeight()),
                work.resolve("video"), "evidence-pipeline " + tool.name() + "/" + tool.version());
        return new VideoCapturer(settings, new VideoCapturer.Tools(muxer, ytDlp, ytDlpProxy), store,
                new VideoProvenanceWriter(store, timestamps(config)), resolver, SafeDownloader.HostResolver.SYSTEM, tool, clock);
    }

    /** A tool whose probe itself breaks is treated as absent: video capture never keeps the service from starting. */
    private static <T> Optional<T> locate(String name, java.util.function.Supplier<Optional<T>> probe) {
        try {
            return probe.get();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s could not be probed; treated as absent", name);
            return Optional.empty();
        }
    }

    void closeVideoCapturer(@Disposes VideoCapturer capturer) {
        capturer.close();
    }

    private static CaptureRig startRig(ChromiumInstall install, CapturerConfig config, VettedResolver resolver, ToolInfo tool)
            throws java.io.IOException, NoSuchAlgorithmException {
        Path work = workDir(config);
        CapturerConfig.Proxy p = config.proxy();
        CapturerConfig.Browser b = config.browser();
        ProxySettings proxy = new ProxySettings(p.connectTimeout(), p.readTimeout(), p.maxResponseBytes(), p.maxPageBytes(),
                p.maxRequests(), work.resolve("proxy"), SSLContext.getDefault(), "evidence-pipeline " + tool.name() + "/" + tool.version());
        return CaptureRig.start(install, proxy, resolver, wiring -> new BrowserSettings(b.viewportWidth(), b.viewportHeight(),
                b.maxScreenshotHeight(), b.settle(), b.restartAfterPages(), b.memoryCap().asLongValue(), b.runAsUser(),
                wiring.proxyServer(), wiring.spkiPins(), work.resolve("browser")));
    }

    /**
     * The throttled commit strategy marks the channel unhealthy (liveness restart, then the same record again) when a
     * record stays unacknowledged longer than its max age: a host slot wait and a page load (each at most
     * page-deadline) and the S3 retries must fit under it.
     */
    void checkTimeBudget(@Observes StartupEvent event, CapturerConfig config,
                         @ConfigProperty(name = "mp.messaging.incoming.pages-requested.throttled.unprocessed-record-max-age.ms",
                                 defaultValue = "60000") long maxAgeMillis,
                         @ConfigProperty(name = "mp.messaging.incoming.videos-requested.throttled.unprocessed-record-max-age.ms",
                                 defaultValue = "60000") long videoMaxAgeMillis) {
        CapturerConfig.Video v = config.video();
        java.time.Duration fetching = v.wallTime().compareTo(v.ytDlpDeadline()) > 0 ? v.wallTime() : v.ytDlpDeadline();
        java.time.Duration video = fetching.plus(v.muxDeadline()).plus(config.s3().retryFor());
        if (video.toMillis() >= videoMaxAgeMillis) {
            LOG.errorf("the longer of capturer.video.wall-time and yt-dlp-deadline + mux-deadline + capturer.s3.retry-for = %s "
                    + "is not under the videos-requested throttled.unprocessed-record-max-age.ms (%d ms): a long stream or an "
                    + "S3 outage will mark the consumer unhealthy and restart it", video, videoMaxAgeMillis);
        }
        java.time.Duration longest = config.browser().pageDeadline().multipliedBy(2).plus(config.s3().retryFor());
        if (longest.toMillis() >= maxAgeMillis) {
            LOG.errorf("2 x capturer.browser.page-deadline + capturer.s3.retry-for = %s is not under throttled.unprocessed-record-max-age.ms "
                    + "(%d ms): a slow page or an S3 outage will mark the consumer unhealthy and restart it", longest, maxAgeMillis);
        }
    }

    /** The browser and proxy start with the service, not with its first page. */
    void start(@Observes StartupEvent event, PageCapturer capturer, ArchiveStore store) {
        try {
            store.ensureBucket();
        } catch (StorageException e) {
            // Not fatal: requests wait and retry until the archive is reachable.
            LOG.errorf("archive bucket not ready at start-up: %s", e.getMessage());
        }
    }
}
