package org.evidencepipeline.testsupport;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real encoded images for tests, drawn deterministically so their bytes and hashes are stable. */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage scene(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        java.util.Random r = new java.util.Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt(0xFFFFFF)), width, height, new Color(r.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(r.nextInt(0xFFFFFF)));
            g.fillOval(r.nextInt(width), r.nextInt(height), width / 3, height / 3);
        }
        g.dispose();
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return encode(scene(width, height, seed), "jpg");
    }

    public static byte[] png(int width, int height, long seed) {
        return encode(scene(width, height, seed), "png");
    }
}
