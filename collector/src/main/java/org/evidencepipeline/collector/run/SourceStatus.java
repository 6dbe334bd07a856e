package org.evidencepipeline.collector.run;

import java.time.Instant;

/** How a source has been doing: for health, metrics and the collections API. */
public record SourceStatus(String sourceId, Instant lastSuccess, Instant failingSince, String lastError,
                           long postsPublished, Instant newestPostPublishedAt) {

    static SourceStatus initial(String sourceId) {
        return new SourceStatus(sourceId, null, null, null, 0, null);
    }

    SourceStatus succeeded(Instant now, int published, Instant newest) {
        Instant newestNow = newestPostPublishedAt == null || (newest != null && newest.isAfter(newestPostPublishedAt))
                ? newest : newestPostPublishedAt;
        return new SourceStatus(sourceId, now, null, null, postsPublished + published, newestNow);
    }

    SourceStatus failed(Instant now, String error) {
        return new SourceStatus(sourceId, lastSuccess, failingSince == null ? now : failingSince, error,
                postsPublished, newestPostPublishedAt);
    }
}
