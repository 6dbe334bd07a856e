package org.evidencepipeline.collector.source;

/** A platform's statement that one of its posts was deleted, with what it sent as evidence. */
public record FoundDeletion(String platform, String platformId, String evidence) {
}
