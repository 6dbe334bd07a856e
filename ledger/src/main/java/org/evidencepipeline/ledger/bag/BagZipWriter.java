package org.evidencepipeline.ledger.bag;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a BagIt 1.0 bag (RFC 8493) as a zip with one top directory, streaming: each payload file is copied through
 * SHA-256 and SHA-512 digests into the zip as it is read, never held whole, so objects of any size fit. The tag files
 * (which need the payload's checksums and totals) are written at the end: {@code manifest-sha256.txt},
 * {@code manifest-sha512.txt}, {@code bag-info.txt} (Payload-Oxum, Bag-Size, Bagging-Date and the given fields),
 * {@code bagit.txt}, {@code README.txt} and last {@code tagmanifest-sha256.txt} over all of them. Written by the RFC
 * rather than with a library: the Java BagIt libraries on Maven Central (gov.loc:bagit 5.x, its DANS fork) have had no
 * release since 2019 and no longer write zips.
 */
public final class BagZipWriter implements AutoCloseable {
    /** What one payload file hashed to, as written. */
    public record Written(String path, String sha256, String sha512, long size) {
    }

    private final ZipOutputStream zip;
    private final String top;
    private final Map<String, String> sha256 = new TreeMap<>();
    private final Map<String, String> sha512 = new TreeMap<>();
    private final Map<String, String> tagSha256 = new TreeMap<>();
    private long payloadBytes;
    private boolean finished;

    /** {@code topDirectory}: the bag's name, the one directory at the top of the zip. */
    public BagZipWriter(OutputStream out, String topDirectory) {
        if (topDirectory.isBlank() || topDirectory.contains("/") || topDirectory.contains("..")) {
            throw new IllegalArgumentException("bad bag name " + topDirectory);
        }
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.top = topDirectory + "/";
    }

    public boolean contains(String path) {
        return sha256.containsKey(path);
    }

    /** Copies {@code in} to payload file {@code path} (under {@code data/}); the caller closes {@code in}. */
    public Written payload(String path, InputStream in) throws IOException {
        if (!path.startsWith(BagLayout.DATA) || path.contains("..") || contains(path)) {
            throw new IllegalArgumentException("bad or repeated payload path " + path);
        }
        MessageDigest d256 = digest("SHA-256");
        MessageDigest d512 = digest("SHA-512");
        // Evidence is mostly compressed already (media, gzip WARCs): the fastest level saves CPU for little size.
        zip.setLevel(Deflater.BEST_SPEED);
        zip.putNextEntry(new ZipEntry(top + path));
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            d256.update(buffer, 0, n);
            d512.update(buffer, 0, n);
            zip.write(buffer, 0, n);
            size += n;
        }
        zip.closeEntry();
        Written w = new Written(path, HexFormat.of().formatHex(d256.digest()), HexFormat.of().formatHex(d512.digest()), size);
        sha256.put(path, w.sha256());
        sha512.put(path, w.sha512());
        payloadBytes += size;
        return w;
    }

    public Written payload(String path, byte[] bytes) throws IOException {
        return payload(path, new java.io.ByteArrayInputStream(bytes));
    }

    /**
     * Writes the tag files and closes the zip. {@code info}: further bag-info.txt fields in order (e.g.
     * Source-Organization, External-Description); {@code readme}: README.txt's text.
     */
    public void finish(Map<String, String> info, String readme, Instant baggingTime) throws IOException {
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        tag(BagLayout.MANIFEST_SHA256, Manifest.write(sha256));
        tag(BagLayout.MANIFEST_SHA512, Manifest.write(sha512));
        Map<String, String> fields = new LinkedHashMap<>(info);
        fields.put("Bagging-Date", DateTimeFormatter.ISO_LOCAL_DATE.format(baggingTime.atOffset(ZoneOffset.UTC)));
        fields.put("Payload-Oxum", payloadBytes + "." + sha256.size());
        fields.put("Bag-Size", humanSize(payloadBytes));
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(k).append(": ").append(v.replace("\r", " ").replace("\n", "\n  ")).append('\n'));
        tag(BagLayout.BAG_INFO, b.toString().getBytes(StandardCharsets.UTF_8));
        tag(BagLayout.BAGIT, BagLayout.BAGIT_TXT.getBytes(StandardCharsets.UTF_8));
        tag(BagLayout.README, readme.getBytes(StandardCharsets.UTF_8));
        byte[] tagManifest = Manifest.write(tagSha256);
        entry(BagLayout.TAGMANIFEST_SHA256, tagManifest);
        zip.finish();
        finished = true;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    public boolean finished() {
        return finished;
    }

    private void tag(String name, byte[] bytes) throws IOException {
        entry(name, bytes);
        tagSha256.put(name, HexFormat.of().formatHex(digest("SHA-256").digest(bytes)));
    }

    private void entry(String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(top + name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
