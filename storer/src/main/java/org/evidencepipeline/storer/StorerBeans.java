package org.evidencepipeline.storer;

import org.evidencepipeline.archive.S3Requests;
import org.evidencepipeline.contracts.Hashes;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.storer.capture.Archiver;
import org.evidencepipeline.storer.capture.CaptureBudget;
import org.evidencepipeline.storer.capture.CaptureService;
import org.evidencepipeline.storer.capture.PerceptualHash;
import org.evidencepipeline.storer.capture.PostProvenanceWriter;
import org.evidencepipeline.storer.capture.WarcRecorder;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.storer.verify.LedgerTrust;
import org.evidencepipeline.storer.verify.Verifier;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.download.SafeDownloader;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.net.URI;
import org.evidencepipeline.archive.timestamp.TimestampClient;

/** Wires the storer's plain classes; each stays testable without CDI. */
public class StorerBeans {
    private static final Logger LOG = Logger.getLogger(StorerBeans.class);

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ToolInfo tool(StorerConfig config, @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        StorerConfig.Download d = config.download();
        String settings = d.maxBytes() + "|" + d.connectTimeout() + "|" + d.readTimeout() + "|" + d.totalTimeout() + "|"
                + d.maxRedirects() + "|" + d.allowCidrs().orElse(List.of()) + "|" + config.s3().bucket()
                + "|" + config.capture().maxMediaPerPost() + "|" + config.capture().postBudget() + "|" + config.image().maxWidth() + "|"
                + config.image().maxHeight() + "|" + config.image().maxPixels() + "|" + config.image().maxDecodeBytes();
        return new ToolInfo("storer", version, sha256(settings).substring(0, 16));
    }

    @Produces
    @Singleton
    SafeDownloader downloader(StorerConfig config, Clock clock) {
        StorerConfig.Download d = config.download();
        List<Cidr> allowed = d.allowCidrs().orElse(List.of()).stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        if (!allowed.isEmpty()) {
            LOG.warnf("downloads may reach internal networks %s (storer.download.allow-cidrs)", allowed);
        }
        return new SafeDownloader(new AddressPolicy(allowed), SafeDownloader.HostResolver.SYSTEM,
                new SafeDownloader.Limits(d.maxBytes(), d.connectTimeout(), d.readTimeout(), d.totalTimeout(),
                        d.maxRedirects(), d.userAgent()), clock);
    }

    /** Every request the archive's client sends, counted by method ({@code archive_s3_requests_total}). */
    @Produces
    @Singleton
    S3Requests s3Requests(MeterRegistry registry) {
        return S3Requests.boundTo(registry);
    }

    @Produces
    @Singleton
    MinioClient minio(StorerConfig config, S3Requests requests) {
        StorerConfig.S3 s3 = config.s3();
        return requests.minioBuilder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build();
    }

    @Produces
    @Singleton
    ArchiveStore archiveStore(MinioClient client, StorerConfig config) {
        return new ArchiveStore(client, config.s3().bucket(), config.s3().retention(),
                io.minio.messages.RetentionMode.valueOf(config.s3().retentionMode()));
    }

    @Produces
    @Singleton
    ArchiveIndex archiveIndex(ArchiveStore store, MinioClient client) {
        return new ArchiveIndex(store, client);
    }

    @Produces
    @Singleton
    CaptureService captureService(SafeDownloader downloader, ArchiveStore store, ToolInfo tool, StorerConfig config, Clock clock) {
        Path temp = config.download().tempDir().map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "storer-downloads"));
        Optional<TimestampClient> timestamps = timestamps(config);
        timestamps.ifPresent(t -> LOG.infof("provenance records are time-stamped one by one by %s (storer.timestamp.per-record)",
                config.timestamp().tsaUrl().get()));
        StorerConfig.Image image = config.image();
        PerceptualHash hasher = new PerceptualHash(new PerceptualHash.Limits(image.maxWidth(), image.maxHeight(), image.maxPixels(),
                image.maxDecodeBytes()));
        return new CaptureService(downloader, store, new WarcRecorder(tool, config.download().userAgent()), tool, temp, timestamps, hasher,
                clock);
    }

    /**
     * The TSA that time-stamps each provenance record (media and post), when storer.timestamp.tsa-url is set and
     * storer.timestamp.per-record is true. Without per-record the TSA stamps the ledger's checkpoints only, which cover
     * every record: one request per checkpoint instead of one per capture.
     */
    static Optional<TimestampClient> timestamps(StorerConfig config) {
        if (!config.timestamp().perRecord()) {
            return Optional.empty();
        }
        return config.timestamp().tsaUrl().filter(u -> !u.isBlank())
                .map(u -> new TimestampClient(URI.create(u), config.timestamp().timeout()));
    }

    @Produces
    @Singleton
    Archiver archiver(CaptureService captures, ArchiveStore store, ArchiveIndex index, ToolInfo tool, Clock clock, StorerConfig config) {
        return new Archiver(captures, store, index, tool, clock,
                new CaptureBudget(config.capture().maxMediaPerPost(), config.capture().postBudget()),
                new PostProvenanceWriter(store, tool, timestamps(config), clock));
    }

    @Produces
    @Singleton
    Verifier verifier(ArchiveStore store, ArchiveIndex index, Clock clock, StorerConfig config) {
        // What verify trusts comes from configuration only: the checkpoints' key and the pinned TSA certificates.
        return new Verifier(store, index, clock, LedgerTrust.load(config.ledger().origin(), config.ledger().verifierKey(),
                config.ledger().signerKeyFile(), config.timestamp().tsaCertificateFile()));
    }

    void createBucket(@Observes StartupEvent event, ArchiveStore store, StorerConfig config) {
        try {
            store.ensureBucket();
            if (config.s3().retention().isPresent()) {
                if (store.retentionActive()) {
                    LOG.infof("evidence objects are locked for %s (%s, S3 Object Lock)", config.s3().retention().get(), config.s3().retentionMode());
                } else {
                    LOG.warnf("storer.s3.retention is set but bucket %s has no Object Lock: objects are written without retention", store.bucket());
                }
            }
        } catch (StorageException e) {
            // Not fatal: posts wait and retry until the archive is reachable; readiness reports it meanwhile.
            LOG.errorf("archive bucket not ready at start-up: %s", e.getMessage());
        }
    }

    /**
     * The throttled commit strategy marks the channel unhealthy (liveness restart, then the same record again) when a
     * record stays unacknowledged longer than its max age: the capture budget and S3 retries must fit under it.
     */
    void checkTimeBudget(@Observes StartupEvent event, StorerConfig config,
                         @ConfigProperty(name = "mp.messaging.incoming.posts-enriched.throttled.unprocessed-record-max-age.ms",
                                 defaultValue = "60000") long maxAgeMillis) {
        java.time.Duration longest = new CaptureBudget(config.capture().maxMediaPerPost(), config.capture().postBudget())
                .longestRecordTime(config.s3().retryFor());
        if (longest.toMillis() >= maxAgeMillis) {
            LOG.errorf("storer.s3.retry-for + storer.capture.post-budget = %s is not under throttled.unprocessed-record-max-age.ms "
                    + "(%d ms): a slow post or an S3 outage will mark the consumer unhealthy and restart it", longest, maxAgeMillis);
        }
    }

    static String sha256(String s) {
        return Hashes.sha256Hex(s);
    }
}
