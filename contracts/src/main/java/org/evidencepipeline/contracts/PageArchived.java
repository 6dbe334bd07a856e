package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record of one page capture attempt, published to {@link Topics#PAGES_ARCHIVED} keyed by the post id once the
 * artifacts and the provenance (for a capture) are durable. It joins the post's archive record by post id and version.
 *
 * @param provenance the page's provenance record when {@link PageCaptureOutcome.Captured}, else null
 */
public record PageArchived(
        int schemaVersion,
        String postId,
        int postVersion,
        List<String> collectionIds,
        String bucket,
        PageCaptureOutcome outcome,
        PageProvenance provenance,
        KafkaCoordinates input,
        Instant archivedAt,
        ToolInfo capturer) {

    public static final int SCHEMA_VERSION = 1;

    public PageArchived {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(archivedAt, "archivedAt");
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
    }
}
