package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The archive record of one post, published to {@link Topics#POSTS_ARCHIVED} keyed by the post id once
 * the post JSON, every media object and every provenance record are durable in the archive bucket.
 *
 * @param postObjectKey key of the stored enriched post JSON
 * @param captures      one outcome per media item of the post, in the post's order
 * @param provenance    the provenance record of each capture that fetched bytes (stored or duplicate)
 * @param postProvenance the provenance of the post version itself (its raw item and fetch); null when the post
 *                      carried no source evidence
 */
public record PostArchived(
        int schemaVersion,
        String postId,
        int postVersion,
        List<String> collectionIds,
        String bucket,
        String postObjectKey,
        String postSha256,
        List<CaptureOutcome> captures,
        List<ProvenanceRecord> provenance,
        KafkaCoordinates input,
        Instant archivedAt,
        ToolInfo storer,
        PostProvenance postProvenance) {

    public static final int SCHEMA_VERSION = 1;

    public PostArchived {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(archivedAt, "archivedAt");
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
        captures = captures == null ? List.of() : List.copyOf(captures);
        provenance = provenance == null ? List.of() : List.copyOf(provenance);
    }

    /** An archive record of a post that carried no source evidence. */
    public PostArchived(int schemaVersion, String postId, int postVersion, List<String> collectionIds, String bucket,
                        String postObjectKey, String postSha256, List<CaptureOutcome> captures, List<ProvenanceRecord> provenance,
                        KafkaCoordinates input, Instant archivedAt, ToolInfo storer) {
        this(schemaVersion, postId, postVersion, collectionIds, bucket, postObjectKey, postSha256, captures, provenance, input,
                archivedAt, storer, null);
    }
}
