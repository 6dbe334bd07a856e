package org.evidencepipeline.storer.capture;

import org.evidencepipeline.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PerceptualHashTest {
    private final PerceptualHash hasher = new PerceptualHash(DecodeProbe.DEFAULTS);

    private String hash(Path file) {
        return ((PerceptualHash.Result.Hashed) hasher.of(file, "image/png")).hash();
    }

    private static int distance(String a, String b) {
        return Long.bitCount(Long.parseUnsignedLong(a, 16) ^ Long.parseUnsignedLong(b, 16));
    }

    @Test
    void aResizedReencodedCopyIsNearAndADifferentPictureIsFar(@TempDir Path dir) throws Exception {
        BufferedImage original = TestImages.scene(640, 480, 42);
        Path png = Files.write(dir.resolve("a.png"), TestImages.encode(original, "png"));
        BufferedImage smaller = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        smaller.getGraphics().drawImage(original, 0, 0, 320, 240, null);
        Path jpg = Files.write(dir.resolve("b.jpg"), TestImages.encode(smaller, "jpg"));
        Path other = Files.write(dir.resolve("c.png"), TestImages.png(640, 480, 7));

        String a = hash(png);
        String b = hash(jpg);
        String c = hash(other);

        assertThat(a).matches("[0-9a-f]{16}");
        assertThat(distance(a, b)).isLessThanOrEqualTo(6);
        assertThat(distance(a, c)).isGreaterThan(16);
    }

    @Test
    void nonImagesAndTruncatedImagesHaveNoHash(@TempDir Path dir) throws Exception {
        Path html = Files.writeString(dir.resolve("x.jpg"), "<html>not an image</html>");
        byte[] jpeg = TestImages.jpeg(100, 100, 1);
        Path truncated = Files.write(dir.resolve("t.jpg"), java.util.Arrays.copyOf(jpeg, 40));
        assertThat(hasher.of(html, "text/html")).isEqualTo(new PerceptualHash.Result.Unavailable("no decoder for text/html"));
        assertThat(hasher.of(truncated, "image/jpeg")).isInstanceOfSatisfying(PerceptualHash.Result.Unavailable.class,
                u -> assertThat(u.reason()).startsWith("cannot decode image/jpeg: "));
    }

    @Test
    void formatsWhoseDecoderMemoryIsNotModelledAreNotDecoded(@TempDir Path dir) throws Exception {
        Path bmp = Files.write(dir.resolve("x.bmp"), TestImages.encode(TestImages.scene(40, 30, 2), "bmp"));
        Path tiff = Files.write(dir.resolve("x.tif"), TestImages.encode(TestImages.scene(40, 30, 2), "tiff"));
        assertThat(hasher.of(bmp, "image/bmp")).isEqualTo(new PerceptualHash.Result.Unavailable("no bounded decoder for image/bmp (bmp)"));
        assertThat(hasher.of(tiff, "image/tiff")).isEqualTo(new PerceptualHash.Result.Unavailable("no bounded decoder for image/tiff (tif)"));
    }
}
