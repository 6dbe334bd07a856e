package org.evidencepipeline.collector.http;

import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server answered, but the body is not what the source promised (malformed XML, a DOCTYPE, an HTML
 * error page...). Unlike a transport failure this is bad input: it is recorded as a dead letter, once per
 * distinct failure, which keeps a bounded excerpt and, when the body is given, its SHA-256 and size instead of
 * the body itself (the excerpt may be the same for two bodies, so the hash tells failures apart).
 */
public class UnreadablePayloadException extends FetchException {
    private final String excerpt;
    private final String bodySha256;
    private final Long bodyBytes;

    /** With the excerpt to show and the whole body it was cut from. */
    public UnreadablePayloadException(String message, String excerpt, byte[] body) {
        super(message, (Duration) null);
        byte[] b = body == null ? new byte[0] : body;
        this.excerpt = CollectorDeadLetter.bounded(excerpt, CollectorDeadLetter.MAX_EXCERPT_CHARS);
        this.bodySha256 = Hashes.sha256Hex(b);
        this.bodyBytes = (long) b.length;
    }

    /** For a whole unreadable body: the letter identifies it by hash and size and shows only its start. */
    public UnreadablePayloadException(String message, byte[] body) {
        this(message, startOf(body), body);
    }

    /** When the body is not at hand: only the excerpt is known, and it stands for the body in {@link #fingerprint()}. */
    public UnreadablePayloadException(String message, String excerpt) {
        super(message, (Duration) null);
        this.excerpt = CollectorDeadLetter.bounded(excerpt, CollectorDeadLetter.MAX_EXCERPT_CHARS);
        this.bodySha256 = null;
        this.bodyBytes = null;
    }

    private static String startOf(byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        return new String(b, 0, Math.min(b.length, CollectorDeadLetter.MAX_EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
    }

    public String excerpt() {
        return excerpt;
    }

    /** SHA-256 (hex) of the whole body, or null when only an excerpt was given. */
    public String bodySha256() {
        return bodySha256;
    }

    public Long bodyBytes() {
        return bodyBytes;
    }

    /** What tells this failure's input apart from another's: the body's SHA-256, else the excerpt's. */
    public String fingerprint() {
        return bodySha256 != null ? bodySha256
                : Hashes.sha256Hex((excerpt == null ? "" : excerpt).getBytes(StandardCharsets.UTF_8));
    }
}
