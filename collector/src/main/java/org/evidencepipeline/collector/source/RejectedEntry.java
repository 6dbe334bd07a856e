package org.evidencepipeline.collector.source;

/**
 * Part of a fetched page that could not become a post: why, and an excerpt for the dead-letter record; for an
 * entry that was never held whole (a Jetstream frame over the cap) its SHA-256 and size instead.
 */
public record RejectedEntry(String reason, String excerpt, String sha256, Long bytes) {
    public RejectedEntry(String reason, String excerpt) {
        this(reason, excerpt, null, null);
    }
}
