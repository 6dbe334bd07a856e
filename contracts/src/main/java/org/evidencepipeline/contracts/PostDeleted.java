package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A platform said a post was deleted (e.g. a Bluesky delete commit), published to {@link Topics#POSTS_DELETED}
 * keyed by the post id. It records the platform's statement and when it was seen; it never removes anything
 * from the archive: for investigators, the deletion is itself evidence.
 *
 * @param evidence what the platform sent, e.g. {@code jetstream delete commit time_us=…}
 */
public record PostDeleted(int schemaVersion, String postId, String platform, String platformId, String sourceId,
                          Instant observedAt, String evidence, ToolInfo collector) {
    public static final int SCHEMA_VERSION = 1;

    public PostDeleted {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(observedAt, "observedAt");
        if (!postId.equals(new PostId(platform, platformId).toString())) {
            throw new IllegalArgumentException("postId " + postId + " does not match platform " + platform + " and id " + platformId);
        }
    }
}
