package org.evidencepipeline.capturer.browser;

import javax.imageio.ImageIO;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The "date and time indicated" picture (Berkeley Protocol ¶155): the full-page screenshot under a visible header strip
 * giving the URL, the UTC capture time and the capture id. Derived from the unaltered screenshot, never instead of it.
 */
public final class HeaderStrip {
    static final int FONT_SIZE = 14;
    static final int PADDING = 8;
    static final int LINES = 3;
    static final Color BACKGROUND = new Color(0x20, 0x22, 0x26);
    private static final Color TEXT = new Color(0xf2, 0xf2, 0xf2);
    private static final String ELLIPSIS = "…";

    static {
        // Servers have no display; Java2D must not look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private HeaderStrip() {
    }

    /** The strip's height in pixels: three lines of text and padding. */
    static int stripHeight() {
        return PADDING * 2 + LINES * lineHeight();
    }

    static int lineHeight() {
        return FONT_SIZE + 6;
    }

    public static byte[] stamp(byte[] screenshotPng, String url, Instant capturedAt, String captureId) {
        try {
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(screenshotPng));
            if (shot == null) {
                throw new IllegalArgumentException("not a readable PNG");
            }
            int strip = stripHeight();
            BufferedImage out = new BufferedImage(shot.getWidth(), strip + shot.getHeight(), BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = out.createGraphics();
            try {
                g.setColor(BACKGROUND);
                g.fillRect(0, 0, out.getWidth(), strip);
                // The screenshot is copied pixel for pixel below the strip (alpha too): no scaling, no blending.
                g.setComposite(AlphaComposite.Src);
                g.drawImage(shot, 0, strip, null);
                g.setComposite(AlphaComposite.SrcOver);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, FONT_SIZE));
                g.setColor(TEXT);
                FontMetrics metrics = g.getFontMetrics();
                int maxWidth = Math.max(1, out.getWidth() - 2 * PADDING);
                String[] lines = {
                        url,
                        "captured " + DateTimeFormatter.ISO_INSTANT.format(capturedAt.truncatedTo(ChronoUnit.MILLIS)),
                        "capture " + captureId};
                int baseline = PADDING + metrics.getAscent();
                for (String line : lines) {
                    g.drawString(fit(line, metrics, maxWidth), PADDING, baseline);
                    baseline += lineHeight();
                }
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(out, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text, cut and ended with an ellipsis when it is wider than {@code maxWidth}. */
    static String fit(String text, FontMetrics metrics, int maxWidth) {
        if (metrics.stringWidth(text) <= maxWidth) {
            return text;
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (metrics.stringWidth(text.substring(0, mid) + ELLIPSIS) <= maxWidth) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return text.substring(0, lo) + ELLIPSIS;
    }
}
