package org.evidencepipeline.capturer.capture;

import io.minio.MinioClient;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.ProcessFigures;
import org.evidencepipeline.capturer.browser.BrowserSettings;
import org.evidencepipeline.capturer.browser.ChromiumInstall;
import org.evidencepipeline.capturer.proxy.ProxySettings;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.S3ProxyServer;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Not a test: a harness for BENCHMARKS.md. Captures N local pages (text, an image, a script that changes the DOM)
 * through the real proxy, the real Chromium and a real S3Proxy, one at a time as the service does, and prints pages
 * per minute, CPU seconds per page (this JVM and every process under it: chromedriver, Chromium and its renderers,
 * including those already reaped) and the peak resident memory of the browser and of this JVM.
 * <p>
 * Run with {@code ./mvnw -pl capturer -am -Pbench -DskipTests verify} (the capturer's {@code bench} profile runs it
 * with 60 pages, then the video benchmark).
 */
public final class PageCaptureBench {
    private PageCaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Optional<ChromiumInstall> install = ChromiumInstall.locate(Optional.empty(), Optional.empty());
        if (install.isEmpty()) {
            System.out.println(ChromiumInstall.MISSING);
            return;
        }
        // createTempDirectory makes it 0700: the browser, run as an unprivileged user, must reach its profile below it.
        Path work = Files.createTempDirectory("capturer-bench",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        ToolInfo tool = new ToolInfo("capturer", "bench", "0");
        VettedResolver resolver = new VettedResolver(new AddressPolicy(List.of(Cidr.parse("127.0.0.1/32"))));
        try (S3ProxyServer s3 = S3ProxyServer.startInTempDir(); FeedReplayServer site = FeedReplayServer.start()) {
            site.serve("/dot.png", Files.exists(Path.of("/usr/share/pixmaps/debian-logo.png"))
                    ? Files.readAllBytes(Path.of("/usr/share/pixmaps/debian-logo.png")) : new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "image/png");
            for (int i = 0; i < pages; i++) {
                site.serve("/page/" + i, page(i), "text/html; charset=utf-8");
            }
            ArchiveStore store = new ArchiveStore(MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "evidence-archive");
            store.ensureBucket();
            CaptureRig rig = CaptureRig.start(install.get(), new ProxySettings(Duration.ofSeconds(10), Duration.ofSeconds(20),
                    52428800, 209715200, 1500, work.resolve("proxy"), SSLContext.getDefault(), "bench"), resolver,
                    w -> new BrowserSettings(1280, 800, 16384, Duration.ofSeconds(1), 25, 1536L << 20, Optional.of("nobody"),
                            w.proxyServer(), w.spkiPins(), work.resolve("browser")));
            try (PageCapturer capturer = new PageCapturer(new UrlCheck(resolver), new HostPageRate(Clock.systemUTC(), HostPageRate.Sleeper.THREAD),
                    store, new PageProvenanceWriter(store, Optional.empty()), Optional.of(rig), "", tool, Clock.systemUTC(), Duration.ofSeconds(60))) {
                double cpuBefore = ProcessFigures.treeCpuSeconds();
                long start = System.nanoTime();
                int captured = 0;
                for (int i = 0; i < pages; i++) {
                    PageCaptureRequested request = new PageCaptureRequested(1, "bench:" + i, 1, "bench", site.url("/page/" + i),
                            List.of("bench"), 100000, Instant.now(), tool);
                    PageArchived record = capturer.capture(request, null, null);
                    if (record.outcome() instanceof PageCaptureOutcome.Captured) {
                        captured++;
                    } else {
                        System.out.println("page " + i + ": " + record.outcome());
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = ProcessFigures.treeCpuSeconds() - cpuBefore;
                System.out.printf("pages: %d captured of %d in %.1f s%n", captured, pages, seconds);
                System.out.printf("pages/min: %.1f%n", pages / seconds * 60);
                System.out.printf("CPU-s/page (JVM + browser tree): %.2f%n", cpu / pages);
                System.out.printf("cores busy on average: %.2f of %d%n", cpu / seconds, Runtime.getRuntime().availableProcessors());
                System.out.printf("peak RSS: browser %d MiB, JVM %d MiB, together %d MiB%n", rig.browser().peakResidentBytes() >> 20,
                        ProcessFigures.jvmPeakRss() >> 20, (rig.browser().peakResidentBytes() + ProcessFigures.jvmPeakRss()) >> 20);
            }
        }
    }

    private static byte[] page(int i) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 20; p++) {
            text.append("<p>Paragraph ").append(p).append(" of post ").append(i).append(": lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>");
        }
        return ("<!doctype html><html><head><title>Post " + i + "</title></head><body><h1 id=\"h\">Post " + i + "</h1>"
                + "<img src=\"/dot.png\">" + text + "<script>document.getElementById('h').textContent += ' (rendered)';</script>"
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
    }
}
