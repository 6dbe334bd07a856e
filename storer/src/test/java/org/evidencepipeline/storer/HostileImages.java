package org.evidencepipeline.storer;

import org.evidencepipeline.testsupport.TestImages;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Image files that lie about themselves, written byte by byte where ImageIO would refuse to: PNG IHDR, JPEG SOF and
 * GIF logical screen / image descriptor sizes far beyond the data, progressive JPEGs, many-frame GIFs, a WebP header.
 */
public final class HostileImages {
    private HostileImages() {
    }

    /** A PNG (8-bit RGBA) whose IHDR declares {@code width x height}, followed by a few rows of real zero data. */
    public static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        // One filter byte plus a row of pixels, a few rows (capped so a "wide" row stays small in the test's memory).
        int rowBytes = (int) Math.min(1 + 4L * width, 1 << 16);
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[rowBytes * 4]);
        deflater.finish();
        byte[] buf = new byte[1 << 16];
        int n = deflater.deflate(buf);
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A real JPEG, progressive or baseline, drawn by {@link TestImages#scene}. */
    public static byte[] jpeg(int width, int height, long seed, boolean progressive) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(TestImages.scene(width, height, seed), null, null), param);
            }
            writer.dispose();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same JPEG with its frame header (SOFn) rewritten to declare {@code width x height}. */
    public static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        int i = 2;
        while (i + 9 < out.length) {
            int marker = out[i + 1] & 0xFF;
            int length = ((out[i + 2] & 0xFF) << 8) | (out[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("no frame header");
    }

    /** Whether this JPEG's frame header is SOF2 (progressive). */
    public static boolean isProgressive(byte[] jpeg) {
        int i = 2;
        while (i + 3 < jpeg.length) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xC2) {
                return true;
            }
            if (marker == 0xC0 || marker == 0xC1 || marker == 0xDA) {
                return false;
            }
            i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
        }
        return false;
    }

    /** A GIF whose logical screen and only frame declare {@code width x height}, with one tiny block of LZW data. */
    public static byte[] gif(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        le16(out, width);
        le16(out, height);
        out.writeBytes(new byte[]{(byte) 0x80, 0, 0}); // global colour table of 2 entries
        out.writeBytes(new byte[]{0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        hostileFrame(out, width, height);
        out.write(0x3B);
        return out.toByteArray();
    }

    /**
     * A real small GIF (its first frame drawn by {@link TestImages#scene}) followed by {@code extraFrames} frames each
     * declaring {@code width x height}: a reader that went past the first frame would pay for all of them.
     */
    public static byte[] gifWithManyFrames(int firstSize, int extraFrames, int width, int height) {
        byte[] first = TestImages.encode(TestImages.scene(firstSize, firstSize, 3), "gif");
        if (first[first.length - 1] != 0x3B) {
            throw new IllegalStateException("GIF without trailer");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first, 0, first.length - 1);
        for (int i = 0; i < extraFrames; i++) {
            hostileFrame(out, width, height);
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    private static void hostileFrame(ByteArrayOutputStream out, int width, int height) {
        out.write(0x2C); // image descriptor
        le16(out, 0);
        le16(out, 0);
        le16(out, width);
        le16(out, height);
        out.write(0);
        out.write(2); // LZW minimum code size
        out.writeBytes(new byte[]{2, 0x44, 0x01}); // one sub-block: clear code, a pixel
        out.write(0); // block terminator
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >> 8) & 0xFF);
    }

    /** A WebP (VP8X extended header) declaring a 16383 x 16383 canvas; the JDK has no WebP reader at all. */
    public static byte[] webp() {
        ByteBuffer b = ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).putInt(0);
        int w = 16383 - 1;
        int h = 16383 - 1;
        b.put((byte) w).put((byte) (w >> 8)).put((byte) (w >> 16));
        b.put((byte) h).put((byte) (h >> 8)).put((byte) (h >> 16));
        return b.array();
    }
}
