package org.evidencepipeline.capturer.browser;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderStripTest {

    @Test
    void stampedPictureIsTheStripAboveTheUnalteredScreenshot() throws IOException {
        BufferedImage original = noise(640, 300);

        byte[] stamped = HeaderStrip.stamp(png(original), "https://example.org/post/1", Instant.parse("2026-12-02T01:02:03Z"),
                "4f1c2a8e-0000-4000-8000-000000000001");

        BufferedImage out = ImageIO.read(new ByteArrayInputStream(stamped));
        int strip = HeaderStrip.stripHeight();
        assertThat(strip).isGreaterThan(3 * HeaderStrip.FONT_SIZE);
        assertThat(out.getWidth()).isEqualTo(original.getWidth());
        assertThat(out.getHeight()).isEqualTo(strip + original.getHeight());
        for (int y = 0; y < original.getHeight(); y++) {
            for (int x = 0; x < original.getWidth(); x++) {
                if (out.getRGB(x, strip + y) != original.getRGB(x, y)) {
                    throw new AssertionError("pixel " + x + "," + y + " changed");
                }
            }
        }
    }

    @Test
    void stripIsDarkWithLightTextOnIt() throws IOException {
        byte[] stamped = HeaderStrip.stamp(png(noise(640, 50)), "https://example.org/post/1", Instant.now(), "id-1");

        BufferedImage out = ImageIO.read(new ByteArrayInputStream(stamped));
        int background = HeaderStrip.BACKGROUND.getRGB();
        int text = 0;
        int dark = 0;
        for (int y = 0; y < HeaderStrip.stripHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int rgb = out.getRGB(x, y);
                if (rgb == background) {
                    dark++;
                } else if (luminance(rgb) > 160) {
                    text++;
                }
            }
        }
        assertThat(dark).as("mostly the dark background").isGreaterThan(out.getWidth() * HeaderStrip.stripHeight() / 2);
        assertThat(text).as("light text pixels").isGreaterThan(300);
    }

    @Test
    void aUrlWiderThanThePictureIsCutWithAnEllipsis() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        FontMetrics metrics = scratch.createGraphics().getFontMetrics(new Font(Font.MONOSPACED, Font.PLAIN, HeaderStrip.FONT_SIZE));
        String url = "https://example.org/" + "a".repeat(500);

        String fitted = HeaderStrip.fit(url, metrics, 300);

        assertThat(fitted).endsWith("…").startsWith("https://example.org/aaa");
        assertThat(metrics.stringWidth(fitted)).isLessThanOrEqualTo(300);
        assertThat(HeaderStrip.fit("https://short", metrics, 300)).isEqualTo("https://short");
    }

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(14);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int luminance(int rgb) {
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }
}
