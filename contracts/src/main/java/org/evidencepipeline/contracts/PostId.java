package org.evidencepipeline.contracts;

import java.util.Objects;

/**
 * Stable identity of a post: the platform plus the platform's own id, e.g. {@code rss:https://…}
 * or {@code mastodon:mastodon.social/109…}. Used as the Kafka key everywhere so that all events
 * of one post land on one partition, in order, and compaction keeps the latest.
 */
public record PostId(String platform, String platformId) {
    public PostId {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(platformId, "platformId");
        if (platform.isBlank() || platform.contains(":")) {
            throw new IllegalArgumentException("platform must be a non-blank name without ':' but was '" + platform + "'");
        }
        if (platformId.isBlank()) {
            throw new IllegalArgumentException("platformId must not be blank");
        }
    }

    public static PostId parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("post id must look like '<platform>:<id>' but was '" + value + "'");
        }
        return new PostId(value.substring(0, colon), value.substring(colon + 1));
    }

    @Override
    public String toString() {
        return platform + ":" + platformId;
    }
}
