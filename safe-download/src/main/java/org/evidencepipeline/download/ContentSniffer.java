package org.evidencepipeline.download;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Media type from the first bytes of a body, recorded beside the type the server declared: a server can
 * call an HTML page "image/jpeg", the bytes cannot lie about what they are.
 */
public final class ContentSniffer {
    public static final int HEAD_BYTES = 64;
    public static final String UNKNOWN = "application/octet-stream";

    private ContentSniffer() {
    }

    public static String sniff(byte[] head, int length) {
        if (length <= 0) {
            return "application/x-empty";
        }
        if (starts(head, length, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (ascii(head, length, 0, "GIF87a") || ascii(head, length, 0, "GIF89a")) {
            return "image/gif";
        }
        if (ascii(head, length, 0, "RIFF") && ascii(head, length, 8, "WEBP")) {
            return "image/webp";
        }
        if (ascii(head, length, 4, "ftyp")) {
            String brand = length >= 12 ? new String(head, 8, 4, StandardCharsets.ISO_8859_1) : "";
            return switch (brand) {
                case "avif", "avis" -> "image/avif";
                case "heic", "heix", "mif1" -> "image/heic";
                case "qt  " -> "video/quicktime";
                default -> "video/mp4";
            };
        }
        if (starts(head, length, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (ascii(head, length, 0, "OggS")) {
            return "audio/ogg";
        }
        if (ascii(head, length, 0, "ID3") || starts(head, length, 0xFF, 0xFB)) {
            return "audio/mpeg";
        }
        if (ascii(head, length, 0, "BM")) {
            return "image/bmp";
        }
        if (starts(head, length, 'I', 'I', 0x2A, 0x00) || starts(head, length, 'M', 'M', 0x00, 0x2A)) {
            return "image/tiff";
        }
        if (ascii(head, length, 0, "%PDF-")) {
            return "application/pdf";
        }
        if (starts(head, length, 'P', 'K', 0x03, 0x04)) {
            return "application/zip";
        }
        if (starts(head, length, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        String text = new String(head, 0, Math.min(length, head.length), StandardCharsets.UTF_8).stripLeading()
                .toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<head") || text.startsWith("<body")) {
            return "text/html";
        }
        if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.contains("<svg"))) {
            return "image/svg+xml";
        }
        if (text.startsWith("<?xml")) {
            return "application/xml";
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return "application/json";
        }
        return UNKNOWN;
    }

    private static boolean starts(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int length, int offset, String magic) {
        if (length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (head[offset + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
