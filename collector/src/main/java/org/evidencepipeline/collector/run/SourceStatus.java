package org.evidencepipeline.collector.run;

import java.time.Instant;

/**
 * How a source has been doing: for health, metrics and the collections API.
 *
 * @param failureRepeats how many polls in a row ended in {@code lastError} (0 while not failing): a failure
 *                       dead-lettered once still shows here at every poll
 * @param charset        how the last body was decoded, e.g. {@code KOI8-R (detected)}, when the adapter reports it
 */
public record SourceStatus(String sourceId, Instant lastSuccess, Instant failingSince, String lastError,
                           long postsPublished, Instant newestPostPublishedAt, int failureRepeats, String charset) {

    static SourceStatus initial(String sourceId) {
        return new SourceStatus(sourceId, null, null, null, 0, null, 0, null);
    }

    SourceStatus succeeded(Instant now, int published, Instant newest, String decodedWith) {
        Instant newestNow = newestPostPublishedAt == null || (newest != null && newest.isAfter(newestPostPublishedAt))
                ? newest : newestPostPublishedAt;
        return new SourceStatus(sourceId, now, null, null, postsPublished + published, newestNow, 0,
                decodedWith != null ? decodedWith : charset);
    }

    /** {@code repeats} as known durably (from the cursor), or 0 to count here: the same error again is one more. */
    SourceStatus failed(Instant now, String error, int repeats) {
        int counted = repeats > 0 ? repeats : failingSince != null && error != null && error.equals(lastError) ? failureRepeats + 1 : 1;
        return new SourceStatus(sourceId, lastSuccess, failingSince == null ? now : failingSince, error,
                postsPublished, newestPostPublishedAt, counted, charset);
    }
}
