package org.evidencepipeline.collector.source;

/** Part of a fetched page that could not become a post: why, and an excerpt for the dead-letter record. */
public record RejectedEntry(String reason, String excerpt) {
}
