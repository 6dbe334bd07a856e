package org.evidencepipeline.collector.http;

import org.evidencepipeline.contracts.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server answered, but the body is not what the source promised (malformed XML, a DOCTYPE, an HTML
 * error page...). Unlike a transport failure this is bad input: it is recorded as a dead letter, once per
 * distinct failure, which is why the SHA-256 of the whole body is kept (the excerpt may be the same for two bodies).
 */
public class UnreadablePayloadException extends FetchException {
    private final String excerpt;
    private final String bodySha256;

    public UnreadablePayloadException(String message, String excerpt, byte[] body) {
        super(message, (Duration) null);
        this.excerpt = excerpt;
        this.bodySha256 = Hashes.sha256Hex(body == null ? new byte[0] : body);
    }

    /** When the body is not at hand: the excerpt stands for it. */
    public UnreadablePayloadException(String message, String excerpt) {
        this(message, excerpt, (excerpt == null ? "" : excerpt).getBytes(StandardCharsets.UTF_8));
    }

    public String excerpt() {
        return excerpt;
    }

    /** SHA-256 (hex) of the body that could not be read. */
    public String bodySha256() {
        return bodySha256;
    }
}
