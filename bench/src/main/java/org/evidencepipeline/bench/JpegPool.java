package org.evidencepipeline.bench;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Real JPEG files of 50 to 500 KB, made with ImageIO from a seed once and cached on disk. Each post gets
 * its own variant: the base image with a JPEG comment segment naming the post inserted after the SOI
 * marker, so every capture has different bytes (and SHA-256) while staying a valid JPEG.
 */
final class JpegPool {
    static final int BASES = 16;
    static final int MIN_BYTES = 50 * 1024;
    static final int MAX_BYTES = 500 * 1024;

    private final List<byte[]> bases;

    private JpegPool(List<byte[]> bases) {
        this.bases = bases;
    }

    static JpegPool load(Path cacheDir, long seed) {
        try {
            Files.createDirectories(cacheDir);
            List<byte[]> bases = new ArrayList<>();
            for (int i = 0; i < BASES; i++) {
                int target = MIN_BYTES + (int) ((long) (MAX_BYTES - MIN_BYTES) * i / (BASES - 1));
                Path file = cacheDir.resolve("base-" + seed + "-" + i + ".jpg");
                if (!Files.isRegularFile(file)) {
                    Files.write(file, generate(target, new Random(seed * 31 + i)));
                }
                bases.add(Files.readAllBytes(file));
            }
            return new JpegPool(bases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int baseCount() {
        return bases.size();
    }

    int baseSize(int base) {
        return bases.get(base).length;
    }

    /** The variant served for one post: same pixels as base {@code base}, a comment unique to the post. */
    byte[] variant(int base, String uniqueText) {
        byte[] b = bases.get(Math.floorMod(base, bases.size()));
        byte[] comment = uniqueText.getBytes(StandardCharsets.US_ASCII);
        int segLen = comment.length + 2;
        byte[] out = new byte[b.length + 2 + segLen];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE; // COM
        out[4] = (byte) (segLen >> 8);
        out[5] = (byte) segLen;
        System.arraycopy(comment, 0, out, 6, comment.length);
        System.arraycopy(b, 2, out, 6 + comment.length, b.length - 2);
        return out;
    }

    int variantSize(int base, String uniqueText) {
        return bases.get(Math.floorMod(base, bases.size())).length + 4 + uniqueText.length();
    }

    /** A photo-like image (gradients plus noise) whose JPEG encoding is close to {@code targetBytes}. */
    static byte[] generate(int targetBytes, Random random) throws IOException {
        double side = Math.sqrt(targetBytes / 1.2);
        byte[] best = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            int w = Math.max(64, (int) (side * 1.33));
            int h = Math.max(48, (int) side);
            byte[] jpeg = encode(image(w, h, new Random(random.nextLong())));
            best = jpeg;
            double ratio = (double) targetBytes / jpeg.length;
            if (Math.abs(ratio - 1) < 0.05) {
                break;
            }
            side *= Math.sqrt(ratio);
        }
        return best;
    }

    private static BufferedImage image(int w, int h, Random r) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int r0 = r.nextInt(256), g0 = r.nextInt(256), b0 = r.nextInt(256);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int noise = r.nextInt(64) - 32;
                int red = clamp(r0 + x * 128 / w + noise);
                int green = clamp(g0 + y * 128 / h + noise);
                int blue = clamp(b0 + ((x + y) % 97) + r.nextInt(32) - 16);
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] encode(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
