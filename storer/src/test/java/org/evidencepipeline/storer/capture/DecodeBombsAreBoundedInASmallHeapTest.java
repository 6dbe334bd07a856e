package org.evidencepipeline.storer.capture;

import org.evidencepipeline.storer.HostileImages;
import org.evidencepipeline.testsupport.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile images hashed in a child JVM with a 64 MiB heap: each ends as a hash or a reason, none kills the JVM. The
 * control decodes the widest bomb without the bounds and runs out of memory, so these inputs are real bombs and the
 * test would fail if the bounds were removed.
 */
class DecodeBombsAreBoundedInASmallHeapTest {
    static final String HEAP = "-Xmx64m";

    @TempDir
    static Path dir;
    static Map<String, String> results;
    static String largeLegitSmallCopyHash;
    static String baselineHash;

    @BeforeAll
    static void hashEveryBombInASmallHeap() throws Exception {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("png-wide.png", HostileImages.png(100_000_000, 1));
        files.put("png-huge.png", HostileImages.png(30_000, 30_000));
        files.put("png-truncated-large.png", HostileImages.png(20_000, 4_000));
        java.awt.image.BufferedImage large = TestImages.scene(4000, 3000, 9);
        byte[] largePng = TestImages.encode(large, "png");
        java.awt.image.BufferedImage smallCopy = new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = smallCopy.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(large, 0, 0, 400, 300, null);
        g.dispose();
        files.put("png-large-legit.png", largePng);
        files.put("png-cut.png", Arrays.copyOf(largePng, largePng.length / 3));
        byte[] baseline = HostileImages.jpeg(1600, 1200, 4, false);
        byte[] progressive = HostileImages.jpeg(1600, 1200, 4, true);
        assertThat(HostileImages.isProgressive(progressive)).isTrue();
        assertThat(HostileImages.isProgressive(baseline)).isFalse();
        files.put("jpeg-baseline-huge.jpg", HostileImages.withJpegSize(baseline, 65_000, 65_000));
        files.put("jpeg-progressive-huge.jpg", HostileImages.withJpegSize(progressive, 10_000, 8_000));
        files.put("jpeg-progressive-legit.jpg", progressive);
        files.put("jpeg-progressive-cut.jpg", Arrays.copyOf(progressive, progressive.length / 2));
        files.put("jpeg-header-cut.jpg", Arrays.copyOf(baseline, 40));
        files.put("gif-huge.gif", HostileImages.gif(65_535, 65_535));
        files.put("gif-many-frames.gif", HostileImages.gifWithManyFrames(64, 20_000, 65_535, 65_535));
        files.put("gif-cut.gif", Arrays.copyOf(HostileImages.gif(64, 64), 20));
        files.put("image.webp", HostileImages.webp());

        List<String> args = new ArrayList<>(List.of("hash"));
        for (var f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
            args.add(dir.resolve(f.getKey()).toString());
            args.add(type(f.getKey()));
        }
        results = runChild(args);
        new java.util.TreeMap<>(results).forEach((k, v) -> System.out.println("decode-bomb " + k + " = " + v));
        PerceptualHash generous = new PerceptualHash(DecodeProbe.DEFAULTS);
        Path small = Files.write(dir.resolve("small-copy.png"), TestImages.encode(smallCopy, "png"));
        largeLegitSmallCopyHash = ((PerceptualHash.Result.Hashed) generous.of(small, "image/png")).hash();
        Path baselineFile = Files.write(dir.resolve("baseline.jpg"), baseline);
        baselineHash = ((PerceptualHash.Result.Hashed) generous.of(baselineFile, "image/jpeg")).hash();
    }

    private static String type(String name) {
        return name.endsWith(".png") ? "image/png" : name.endsWith(".jpg") ? "image/jpeg" : name.endsWith(".gif") ? "image/gif" : "image/webp";
    }

    /** Runs {@link DecodeProbe} in a JVM with {@link #HEAP}; fails the test if the JVM does not end normally. */
    static Map<String, String> runChild(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), DecodeProbe.class.getName()));
        command.addAll(args);
        Path log = Files.createTempFile(dir, "probe", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("child ended in time: %s", output).isTrue();
        assertThat(child.exitValue()).as("child JVM exit status; output:%n%s", output).isZero();
        Map<String, String> lines = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.split("\t", 3);
            if (parts.length == 2) {
                lines.put(parts[0], parts[1]);
            } else if (parts.length == 3) {
                lines.put(parts[0], parts[2]);
                lines.put(parts[0] + ".millis", parts[1]);
            }
        }
        return lines;
    }

    private static int distance(String a, String b) {
        return Long.bitCount(Long.parseUnsignedLong(a, 16) ^ Long.parseUnsignedLong(b, 16));
    }

    private static String hashOf(String file) {
        assertThat(results.get(file)).startsWith("hashed ");
        return results.get(file).substring("hashed ".length());
    }

    @Test
    void theChildReallyHasASmallHeap() {
        assertThat(Long.parseLong(results.get("max-heap"))).isLessThanOrEqualTo(64L * 1024 * 1024);
    }

    @Test
    void theUnboundedDecodeOfTheWidePngRunsOutOfMemory() throws Exception {
        Map<String, String> naive = runChild(List.of("naive", dir.resolve("png-wide.png").toString(), "image/png"));
        assertThat(naive.get("png-wide.png")).isEqualTo("OutOfMemoryError");
    }

    @Test
    void extremeAspectPngIsRefusedByItsWidthNotDecoded() {
        assertThat(results.get("png-wide.png")).isEqualTo("unavailable declared size 100000000x1 exceeds the decode limit of 32768x32768");
    }

    @Test
    void hugeDeclaredPngIsRefusedByItsPixelCount() {
        assertThat(results.get("png-huge.png")).isEqualTo("unavailable declared size 30000x30000 exceeds the decode limit of 100000000 pixels");
    }

    @Test
    void truncatedPngsHaveAReasonNotACrash() {
        assertThat(results.get("png-truncated-large.png")).startsWith("unavailable cannot decode image/png: ");
        assertThat(results.get("png-cut.png")).startsWith("unavailable cannot decode image/png: ");
    }

    @Test
    void aLargeLegitimatePngIsHashedFromASmallRasterAndMatchesItsSmallCopy() {
        assertThat(distance(hashOf("png-large-legit.png"), largeLegitSmallCopyHash)).isLessThanOrEqualTo(6);
    }

    @Test
    void hugeDeclaredBaselineJpegIsRefusedBeforeDecoding() {
        assertThat(results.get("jpeg-baseline-huge.jpg")).isEqualTo("unavailable declared size 65000x65000 exceeds the decode limit of 32768x32768");
    }

    @Test
    void progressiveJpegIsBoundedByItsWholeImageCoefficientBuffer() {
        assertThat(results.get("jpeg-progressive-huge.jpg"))
                .startsWith("unavailable decoding 10000x8000 progressive JPEG needs about ")
                .endsWith("over the decode limit of " + 128L * 1024 * 1024);
    }

    @Test
    void legitimateProgressiveJpegIsHashedLikeItsBaselineTwin() {
        assertThat(distance(hashOf("jpeg-progressive-legit.jpg"), baselineHash)).isLessThanOrEqualTo(4);
    }

    @Test
    void truncatedJpegsEndAsAHashOrAReason() {
        // libjpeg fills a cut-off scan with grey and warns: a (less useful) hash, or a reason, but an answer.
        assertThat(results.get("jpeg-progressive-cut.jpg")).matches("hashed [0-9a-f]{16}|unavailable cannot decode image/jpeg: .*");
        assertThat(results.get("jpeg-header-cut.jpg")).startsWith("unavailable cannot decode image/jpeg: ");
    }

    @Test
    void hugeDeclaredGifIsRefused() {
        assertThat(results.get("gif-huge.gif")).isEqualTo("unavailable declared size 65535x65535 exceeds the decode limit of 32768x32768");
        assertThat(results.get("gif-cut.gif")).startsWith("unavailable cannot decode image/gif: ");
    }

    @Test
    void aGifWithTwentyThousandHostileFramesIsHashedFromItsFirstFrameQuickly() {
        assertThat(results.get("gif-many-frames.gif")).matches("hashed [0-9a-f]{16}");
        assertThat(Long.parseLong(results.get("gif-many-frames.gif.millis"))).isLessThan(2_000);
    }

    @Test
    void webpHasNoDecoderAndSaysSo() {
        assertThat(results.get("image.webp")).isEqualTo("unavailable no decoder for image/webp");
    }

    @Test
    void decodeEstimateCountsTheProgressiveCoefficientsThatSubsamplingDoesNotShrink() {
        int step = PerceptualHash.step(4000, 3000);
        assertThat(step).isEqualTo(16);
        long baselineBytes = PerceptualHash.decodeBytes(4000, 3000, step, false, 3);
        long progressiveBytes = PerceptualHash.decodeBytes(4000, 3000, step, true, 3);
        assertThat(baselineBytes).isLessThan(2L * 1024 * 1024);
        assertThat(progressiveBytes - baselineBytes).isEqualTo(4000L * 3000 * 3 * 2);
    }
}
