package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record of one video capture attempt, published to {@link Topics#VIDEOS_ARCHIVED} keyed by the post id once the
 * parts, the derived file and the provenance are durable. It joins the post's archive record by post id and version.
 *
 * @param provenance the stream's provenance record when any part was kept (captured, too-large, failed part-way), else null
 */
public record VideoArchived(
        int schemaVersion,
        String postId,
        int postVersion,
        List<String> collectionIds,
        String bucket,
        VideoCaptureOutcome outcome,
        VideoProvenance provenance,
        KafkaCoordinates input,
        Instant archivedAt,
        ToolInfo capturer) {

    public static final int SCHEMA_VERSION = 1;

    public VideoArchived {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(archivedAt, "archivedAt");
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
    }
}
