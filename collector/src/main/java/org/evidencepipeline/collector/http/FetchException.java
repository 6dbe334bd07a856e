package org.evidencepipeline.collector.http;

import java.time.Duration;

/**
 * A fetch that did not produce a usable body. {@link #retryAfter()} is set when the server asked us to
 * slow down (429/503), so the scheduler backs off instead of hammering it.
 */
public class FetchException extends Exception {
    private final Duration retryAfter;

    public FetchException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The {@code outcome} tag of {@code collector_fetches_total} for this failure. */
    public String outcome() {
        return retryAfter != null ? "rate-limited" : "error";
    }
}
