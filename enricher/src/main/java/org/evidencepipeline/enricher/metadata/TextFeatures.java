package org.evidencepipeline.enricher.metadata;

import org.evidencepipeline.contracts.Hashes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metadata derived from a post's text: hashtags, mentions, normalised links, a SHA-256 of the text and a
 * SimHash for near-duplicate linking. Pure functions; no state.
 */
public final class TextFeatures {
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&/])#([\\p{L}\\p{M}\\p{N}_]+)");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_/.])@([\\p{L}\\p{N}_.]*[\\p{L}\\p{N}_](?:@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,})?)");
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'«»]+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,;:!?)\\]}…]+$");
    private static final Set<String> TRACKING_PARAMS = Set.of("fbclid", "gclid", "igshid", "si", "mc_cid", "mc_eid", "ref_src");

    private TextFeatures() {
    }

    /** Hashtags without '#', NFC and lower-cased, in order of first appearance. */
    public static List<String> hashtags(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = HASHTAG.matcher(nfc(text));
        while (m.find()) {
            if (m.group(1).codePoints().anyMatch(Character::isLetter)) {
                out.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    /** Mentions without '@' ({@code user} or {@code user@instance}), lower-cased. */
    public static List<String> mentions(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(nfc(text));
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }

    /** Links found in the text, normalised (see {@link #normaliseLink}); unparseable ones are dropped. */
    public static List<String> links(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = URL.matcher(nfc(text));
        while (m.find()) {
            String raw = TRAILING_PUNCTUATION.matcher(m.group()).replaceAll("");
            String normal = normaliseLink(raw);
            if (normal != null) {
                out.add(normal);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Lower-case scheme and host, no default port, no fragment, tracking parameters ({@code utm_*},
     * {@code fbclid}, ...) removed, so the same article shared from two apps is one link.
     */
    public static String normaliseLink(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443)) {
                port = -1;
            }
            String query = null;
            if (u.getRawQuery() != null) {
                List<String> kept = new ArrayList<>();
                for (String p : u.getRawQuery().split("&")) {
                    String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
                    if (!name.isEmpty() && !name.toLowerCase(Locale.ROOT).startsWith("utm_") && !TRACKING_PARAMS.contains(name.toLowerCase(Locale.ROOT))) {
                        kept.add(p);
                    }
                }
                query = kept.isEmpty() ? null : String.join("&", kept);
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port) + path
                    + (query == null ? "" : "?" + query);
        } catch (Exception e) {
            return null;
        }
    }

    /** SHA-256 (hex) of the NFC-normalised text, so the same text typed two ways hashes alike. */
    public static String sha256(String text) {
        return Hashes.sha256Hex(nfc(text));
    }

    /**
     * 64-bit SimHash over word 3-shingles of the lower-cased text without links and punctuation.
     * Near-identical texts differ in few bits; compare with {@link Long#bitCount} of the XOR.
     */
    public static String simhash(String text) {
        String cleaned = URL.matcher(nfc(text).toLowerCase(Locale.ROOT)).replaceAll(" ")
                .replaceAll("[^\\p{L}\\p{M}\\p{N}#@]+", " ").strip();
        String[] words = cleaned.isEmpty() ? new String[0] : cleaned.split(" ");
        int[] weights = new int[64];
        int shingles = Math.max(1, words.length - 2);
        for (int i = 0; i < shingles && words.length > 0; i++) {
            StringBuilder s = new StringBuilder(words[i]);
            for (int j = i + 1; j < Math.min(words.length, i + 3); j++) {
                s.append(' ').append(words[j]);
            }
            long h = fnv1a64(s.toString());
            for (int bit = 0; bit < 64; bit++) {
                weights[bit] += ((h >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long hash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                hash |= 1L << bit;
            }
        }
        return String.format("%016x", hash);
    }

    /** Bits in which two SimHashes differ. */
    public static int distance(String simhashA, String simhashB) {
        return Long.bitCount(Long.parseUnsignedLong(simhashA, 16) ^ Long.parseUnsignedLong(simhashB, 16));
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // Final avalanche so similar shingles do not share high bits.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static String nfc(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
