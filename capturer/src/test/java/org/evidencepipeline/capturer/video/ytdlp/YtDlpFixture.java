package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.capturer.proxy.ProxyCa;
import org.evidencepipeline.capturer.proxy.ProxySettings;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the yt-dlp tests share: the proxy as the capturer builds it, a real small MP4 made with ffmpeg, fake programs. */
final class YtDlpFixture {
    static final String FORMAT = "bv*[height<=1080]+ba/b[height<=1080]/b";
    /** One per-run CA for the test JVM, as in production. */
    static final ProxyCa CA = ProxyCa.generate();

    private YtDlpFixture() {
    }

    /** The proxy's settings with its session byte cap equal to yt-dlp's, as the capturer builds them. */
    static ProxySettings proxySettings(Path workDir, long maxBytes) {
        try {
            return new ProxySettings(Duration.ofSeconds(5), Duration.ofSeconds(10), maxBytes, maxBytes, 200, workDir,
                    SSLContext.getDefault(), "evidence-pipeline-capturer/test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static VettedResolver allowing127001() {
        return new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.1/32")));
    }

    /** The default policy: no allow-cidrs, so loopback is refused. */
    static VettedResolver allowingNothing() {
        return new VettedResolver(AddressPolicy.allowing(List.of()));
    }

    static YtDlp realYtDlp() {
        Optional<YtDlp> found = YtDlp.locate(Optional.empty());
        assumeTrue(found.isPresent(), "yt-dlp is not installed (CI installs it)");
        return found.get();
    }

    /** A 3-second 64x36 MP4 with video and audio, encoded by ffmpeg. */
    static byte[] clip(Path dir) throws Exception {
        Path out = dir.resolve("clip.mp4");
        Process p;
        try {
            p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=10",
                    "-f", "lavfi", "-i", "sine", "-t", "3", "-shortest", out.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        } catch (IOException e) {
            assumeTrue(false, "ffmpeg is not installed: " + e.getMessage());
            throw e;
        }
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg could not encode the test clip");
        return Files.readAllBytes(out);
    }

    static String html(String body) {
        return "<!doctype html><html><head><title>footage</title></head><body>" + body + "</body></html>";
    }

    /** An executable shell script standing in for yt-dlp where a test needs a program that behaves in one way. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    /** The target URI and payload SHA-256 of every response record of a WARC. */
    static List<String[]> responses(Path warc) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get() instanceof WarcResponse r) {
                    byte[] payload = r.http().body().stream().readAllBytes();
                    try {
                        out.add(new String[]{r.target(), sha256(payload)});
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                }
            }
        }
        return out;
    }

    /** Whether process {@code pid} is gone (killed and reaped) within {@code within}. */
    static boolean goneWithin(long pid, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Live processes under this JVM whose command line mentions {@code needle}. */
    static List<ProcessHandle> liveDescendants(String needle) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains(needle))
                .toList();
    }
}
