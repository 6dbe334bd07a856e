package org.evidencepipeline.contracts;

import java.time.Instant;

/**
 * An entry or a fetch the collector could not turn into a post, published to
 * {@link Topics#DEAD_LETTER_COLLECTOR} keyed by the source id, so bad input is recorded rather than dropped.
 * What a stranger's body can put here is bounded: the excerpt is at most {@value #MAX_EXCERPT_CHARS} characters
 * and the reason {@value #MAX_REASON_CHARS}, control characters other than newline and tab removed; the whole
 * body is identified by its hash and size instead.
 *
 * @param excerpt    at most the first {@value #MAX_EXCERPT_CHARS} characters of the offending input, for a human
 * @param bodySha256 SHA-256 (hex) of the whole offending body, or null when there was none (or it was not kept)
 * @param bodyBytes  size of the whole offending body in bytes, or null with {@code bodySha256}
 */
public record CollectorDeadLetter(String sourceId, String url, String reason, String excerpt, Instant at,
                                  String bodySha256, Long bodyBytes) {
    public static final int MAX_EXCERPT_CHARS = 2048;
    public static final int MAX_REASON_CHARS = 1000;

    public CollectorDeadLetter {
        excerpt = bounded(excerpt, MAX_EXCERPT_CHARS);
        reason = bounded(reason, MAX_REASON_CHARS);
    }

    /** A letter without the body's hash and size (an entry of a page, not a body). */
    public CollectorDeadLetter(String sourceId, String url, String reason, String excerpt, Instant at) {
        this(sourceId, url, reason, excerpt, at, null, null);
    }

    /** The first {@code max} characters with control characters (but newline and tab) removed; "…" marks a cut. */
    public static String bounded(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max + 1));
        int i = 0;
        for (; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\t';
            // Format characters such as U+202E (right-to-left override) can disguise text; the emoji joiner is kept.
            boolean format = Character.getType(c) == Character.FORMAT && c != '\u200d';
            if (!control && !format) {
                out.append(c);
            }
        }
        if (i < s.length()) {
            if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
                out.setLength(out.length() - 1); // never end on half a character
            }
            out.append('…');
        }
        return out.toString();
    }
}
