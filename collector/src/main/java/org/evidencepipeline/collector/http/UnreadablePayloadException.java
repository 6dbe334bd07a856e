package org.evidencepipeline.collector.http;

import java.time.Duration;

/**
 * The server answered, but the body is not what the source promised (malformed XML, a DOCTYPE, an HTML
 * error page...). Unlike a transport failure this is bad input: it is recorded as a dead letter.
 */
public class UnreadablePayloadException extends FetchException {
    private final String excerpt;

    public UnreadablePayloadException(String message, String excerpt) {
        super(message, (Duration) null);
        this.excerpt = excerpt;
    }

    public String excerpt() {
        return excerpt;
    }
}
