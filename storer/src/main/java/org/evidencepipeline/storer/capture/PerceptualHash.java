package org.evidencepipeline.storer.capture;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * dHash (difference hash) of an image: 9x8 grayscale thumbnail, one bit per horizontal gradient. Resized
 * or re-encoded copies of one picture are a few bits apart.
 * <p>
 * Media are hostile, so nothing is decoded before its header has been read and its cost bounded: each
 * dimension, the pixel count (decode time: a decoder walks every row even when subsampling) and an estimate
 * of the memory the decode needs (see {@link #decodeBytes}). The image is then read subsampled to at most
 * {@link #SAMPLED_EDGE} pixels a side, so a large but legitimate photo is hashed from a small raster. Only the
 * first frame of a multi-frame image is ever read. Every way this can end is a {@link Result}; a hash that
 * cannot be computed is a reason, never an exception.
 */
public final class PerceptualHash {
    /** Longest side of the subsampled raster the hash is computed from. */
    static final int SAMPLED_EDGE = 256;
    /** Destination raster bytes per pixel, worst case (4 bands of 16 bits: 16-bit RGBA PNG). */
    private static final long DEST_BYTES_PER_PIXEL = 8;
    /**
     * Buffers a decoder keeps per column of the full-width image whatever the subsampling: PNG keeps the current
     * and previous unfiltered row (up to 8 bytes a pixel each), libjpeg one MCU row (up to 16 lines x 3 components),
     * the GIF reader one row of indices. 128 bytes a column covers all of them with room.
     */
    private static final long ROW_BYTES_PER_COLUMN = 128;
    /** Progressive JPEG: libjpeg holds every DCT coefficient of the whole image (2 bytes each) in native memory. */
    private static final long COEFFICIENT_BYTES = 2;

    /**
     * Formats whose decoders' memory {@link #decodeBytes} models. The JDK's BMP reader allocates an RLE bitmap by its
     * declared size and its TIFF reader whole strips or tiles, so those are not decoded at all.
     */
    private static final java.util.Set<String> BOUNDED_FORMATS = java.util.Set.of("png", "jpeg", "gif");

    /** Decode limits; defaults in application.properties (storer.image.*). */
    public record Limits(int maxWidth, int maxHeight, long maxPixels, long maxDecodeBytes) {
    }

    /** How hashing one file ended. */
    public sealed interface Result {
        /** The 16 hex digit dHash. */
        record Hashed(String hash) implements Result {
        }

        /** Why there is no hash; the capture is stored all the same. */
        record Unavailable(String reason) implements Result {
        }
    }

    private final Limits limits;

    public PerceptualHash(Limits limits) {
        this.limits = limits;
    }

    /** @param contentType the sniffed type, named in the reason when no decoder reads it */
    public Result of(Path file, String contentType) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return new Result.Unavailable("cannot open the image file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new Result.Unavailable("no decoder for " + contentType);
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
            if (!BOUNDED_FORMATS.contains(format)) {
                reader.dispose();
                return new Result.Unavailable("no bounded decoder for " + contentType + " (" + format + ")");
            }
            try {
                // Forward-only, metadata ignored: later frames and their headers are never read or buffered.
                reader.setInput(in, true, true);
                return decode(reader, file, contentType);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Truncated or malformed data; IIOException messages name the defect, never more than that.
            return new Result.Unavailable("cannot decode " + contentType + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private Result decode(ImageReader reader, Path file, String contentType) throws IOException {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
            return new Result.Unavailable("declared size " + w + "x" + h + " is empty");
        }
        if (w > limits.maxWidth() || h > limits.maxHeight()) {
            return new Result.Unavailable("declared size " + w + "x" + h + " exceeds the decode limit of "
                    + limits.maxWidth() + "x" + limits.maxHeight());
        }
        if ((long) w * h > limits.maxPixels()) {
            return new Result.Unavailable("declared size " + w + "x" + h + " exceeds the decode limit of " + limits.maxPixels() + " pixels");
        }
        int step = step(w, h);
        Optional<JpegFrame> jpeg = "JPEG".equalsIgnoreCase(reader.getFormatName()) ? JpegFrame.read(file) : Optional.empty();
        boolean progressive = jpeg.map(JpegFrame::progressive).orElse(false);
        int components = jpeg.map(JpegFrame::components).orElse(3);
        long needed = decodeBytes(w, h, step, progressive, components);
        if (needed > limits.maxDecodeBytes()) {
            return new Result.Unavailable("decoding " + w + "x" + h + (progressive ? " progressive JPEG" : "") + " needs about "
                    + needed + " bytes, over the decode limit of " + limits.maxDecodeBytes());
        }
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image = reader.read(0, param);
        return new Result.Hashed(hash(image));
    }

    /** Subsampling step that brings the longer side down to {@link #SAMPLED_EDGE}. */
    static int step(int w, int h) {
        int longer = Math.max(w, h);
        return Math.max(1, (longer + SAMPLED_EDGE - 1) / SAMPLED_EDGE);
    }

    /**
     * Memory a subsampled decode needs: the destination raster, the decoder's full-width row buffers and, for a
     * progressive JPEG, libjpeg's whole-image coefficient buffer (which subsampling does not shrink).
     */
    static long decodeBytes(int w, int h, int step, boolean progressiveJpeg, int components) {
        long sampledW = (w + step - 1) / step;
        long sampledH = (h + step - 1) / step;
        long bytes = sampledW * sampledH * DEST_BYTES_PER_PIXEL + (long) w * ROW_BYTES_PER_COLUMN;
        if (progressiveJpeg) {
            bytes += (long) w * h * Math.max(1, components) * COEFFICIENT_BYTES;
        }
        return bytes;
    }

    static String hash(BufferedImage image) {
        BufferedImage small = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, 9, 8, null);
        g.dispose();
        long bits = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int left = small.getRaster().getSample(x, y, 0);
                int right = small.getRaster().getSample(x + 1, y, 0);
                bits = (bits << 1) | (left > right ? 1 : 0);
            }
        }
        return String.format("%016x", bits);
    }
}
