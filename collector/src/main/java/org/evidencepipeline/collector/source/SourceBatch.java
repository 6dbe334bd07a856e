package org.evidencepipeline.collector.source;

import java.util.List;

/**
 * What one poll of a source produced: posts (oldest first), entries that could not be read, and the
 * validators and paging position to remember for the next poll. {@code charset} is how the body was decoded,
 * for the source's status, when the adapter decides it itself (null otherwise).
 */
public record SourceBatch(List<FoundPost> posts, List<RejectedEntry> rejected, String etag, String lastModified,
                          String position, boolean notModified, List<FoundDeletion> deletions, PayloadCharset charset) {
    public SourceBatch {
        posts = posts == null ? List.of() : List.copyOf(posts);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        deletions = deletions == null ? List.of() : List.copyOf(deletions);
    }

    public SourceBatch(List<FoundPost> posts, List<RejectedEntry> rejected, String etag, String lastModified,
                       String position, boolean notModified, List<FoundDeletion> deletions) {
        this(posts, rejected, etag, lastModified, position, notModified, deletions, null);
    }

    /** A batch from a source that does not report deletions. */
    public SourceBatch(List<FoundPost> posts, List<RejectedEntry> rejected, String etag, String lastModified,
                       String position, boolean notModified) {
        this(posts, rejected, etag, lastModified, position, notModified, List.of());
    }

    public SourceBatch withCharset(PayloadCharset decodedWith) {
        return new SourceBatch(posts, rejected, etag, lastModified, position, notModified, deletions, decodedWith);
    }

    public static SourceBatch notModified(String etag, String lastModified, String position) {
        return new SourceBatch(List.of(), List.of(), etag, lastModified, position, true);
    }
}
