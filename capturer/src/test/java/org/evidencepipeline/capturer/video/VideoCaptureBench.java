package org.evidencepipeline.capturer.video;

import io.minio.MinioClient;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.capturer.ProcessFigures;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.video.mux.Ffmpeg;
import org.evidencepipeline.capturer.video.mux.Muxer;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.video.StreamServer;
import org.evidencepipeline.testsupport.video.VideoStreams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the video capture benchmark for BENCHMARKS.md, run by {@code ./mvnw -pl capturer -am -Pbench -DskipTests
 * verify}. Captures N HLS streams (two variants, separate audio, AES-128, one-second segments; a different key each, so
 * no part is a duplicate of another stream's) served on loopback, one at a time as the service does: every part fetched
 * through the safe downloader, hashed, stored in a real S3Proxy, then decrypted, joined and muxed by the real ffmpeg.
 * Prints MB/s, CPU seconds per minute of video (this JVM and every process under it: S3Proxy, ffmpeg) and peak resident
 * memory of the JVM ({@code VmHWM}) and of ffmpeg (sampled every 20 ms).
 * <p>
 * Arguments: streams (3), seconds per stream (120), picture {@code WxH} of the chosen variant (1280x720), its kbps (2500).
 */
public final class VideoCaptureBench {
    private VideoCaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        String[] size = (args.length > 2 ? args[2] : "1280x720").split("x");
        int kbps = args.length > 3 ? Integer.parseInt(args[3]) : 2500;
        Optional<Ffmpeg> ffmpeg = Ffmpeg.locate(Optional.empty());
        if (ffmpeg.isEmpty() || !VideoStreams.ffmpegAvailable()) {
            System.out.println(Ffmpeg.MISSING);
            return;
        }
        Path work = Files.createTempDirectory("video-bench");
        System.out.printf("generating %d HLS streams of %d s (%sx%s at %d kbps, two variants, separate audio, AES-128)...%n",
                streams, seconds, size[0], size[1], kbps);
        try (S3ProxyServer s3 = S3ProxyServer.startInTempDir(); StreamServer server = StreamServer.start()) {
            for (int i = 0; i < streams; i++) {
                // a different length gives a different key, so every stream's encrypted parts are new bytes
                VideoStreams.hls(work.resolve("src/" + i), seconds + i, true, Integer.parseInt(size[0]), Integer.parseInt(size[1]), kbps);
                server.serveDirectory("/s" + i, work.resolve("src/" + i));
            }
            ArchiveStore store = new ArchiveStore(MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "evidence-archive");
            store.ensureBucket();
            ToolInfo tool = new ToolInfo("capturer", "bench", "0");
            StreamCaps caps = new StreamCaps(2147483648L, Duration.ofHours(3), 5000, Duration.ofMinutes(10), Duration.ofMinutes(2),
                    Duration.ofSeconds(10), Duration.ofSeconds(20));
            VettedResolver resolver = new VettedResolver(new AddressPolicy(List.of(Cidr.parse("127.0.0.1/32"))));
            VideoCapturer capturer = new VideoCapturer(new VideoCapturer.Settings(true, caps, new VariantRule(1080),
                    work.resolve("capture"), "evidence-pipeline capturer/bench"),
                    new VideoCapturer.Tools(Optional.of(new Muxer(ffmpeg.get(), Duration.ofMinutes(5), 2147483648L)),
                            Optional.empty(), Optional.empty()),
                    store, new VideoProvenanceWriter(store, Optional.empty()), resolver, SafeDownloader.HostResolver.SYSTEM,
                    tool, Clock.systemUTC());
            ChildPeak ffmpegPeak = ChildPeak.start("ffmpeg");
            double cpuBefore = ProcessFigures.treeCpuSeconds();
            double selfBefore = ProcessFigures.selfCpuSeconds();
            double s3Before = ProcessFigures.descendantsCpuSeconds("s3proxy");
            int parts = 0;
            long start = System.nanoTime();
            long bytes = 0;
            double videoSeconds = 0;
            int captured = 0;
            for (int i = 0; i < streams; i++) {
                VideoCaptureRequested request = new VideoCaptureRequested(1, "bench:" + i, 1, "bench",
                        server.url("/s" + i + "/master.m3u8"), server.url("/s" + i + "/master.m3u8"), VideoCaptureRequested.HLS,
                        List.of("bench"), Instant.now(), tool);
                VideoArchived record = capturer.capture(request, null, null);
                if (record.outcome() instanceof VideoCaptureOutcome.Captured c && c.muxedSha256() != null) {
                    captured++;
                    bytes += c.bytes() + record.provenance().muxed().size();
                    videoSeconds += c.durationSeconds();
                    parts += c.parts();
                } else {
                    System.out.println("stream " + i + ": " + record.outcome());
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = ProcessFigures.treeCpuSeconds() - cpuBefore;
            double self = ProcessFigures.selfCpuSeconds() - selfBefore;
            double s3Cpu = ProcessFigures.descendantsCpuSeconds("s3proxy") - s3Before;
            ffmpegPeak.stop();
            capturer.close();
            System.out.printf("streams: %d captured whole and muxed of %d in %.1f s (%.0f s of video)%n", captured, streams, wall, videoSeconds);
            System.out.printf("bytes: %,d stored (parts + muxed MP4)%n", bytes);
            System.out.printf("MB/s: %.1f%n", bytes / 1e6 / wall);
            System.out.printf("CPU-s per minute of video (JVM + S3Proxy + ffmpeg): %.2f%n", cpu / (videoSeconds / 60));
            System.out.printf("wall-s per minute of video: %.2f%n", wall / (videoSeconds / 60));
            System.out.printf("CPU-s: %.1f in all = capturer JVM %.1f + S3Proxy %.1f + ffmpeg and the rest %.1f; %d parts (%.1f ms of capturer CPU each)%n",
                    cpu, self, s3Cpu, cpu - self - s3Cpu, parts, self * 1000 / Math.max(1, parts));
            System.out.printf("cores busy on average: %.2f of %d%n", cpu / wall, Runtime.getRuntime().availableProcessors());
            System.out.printf("peak RSS: JVM %d MiB (VmHWM, heap max %d MiB), ffmpeg %d MiB (sampled)%n", ProcessFigures.jvmPeakRss() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, ffmpegPeak.peak() >> 20);
        }
    }

    /** Samples the resident memory of every live descendant whose command is {@code name}; keeps the largest. */
    private static final class ChildPeak implements Runnable {
        private final String name;
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private ChildPeak(String name) {
            this.name = name;
            this.thread = new Thread(this, "rss-sampler");
            thread.setDaemon(true);
        }

        static ChildPeak start(String name) {
            ChildPeak p = new ChildPeak(name);
            p.thread.start();
            return p;
        }

        @Override
        public void run() {
            while (running) {
                ProcessHandle.current().descendants()
                        .filter(h -> h.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                        .forEach(h -> peak.accumulateAndGet(ProcessFigures.rss(h.pid()), Math::max));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak.get();
        }
    }
}
