package org.evidencepipeline.storer.capture;

import java.time.Duration;

/**
 * How much of a post's media is captured: at most {@code maxMediaPerPost} items, all within {@code perPost} (each
 * item's own deadline, storer.download.total-timeout, is cut to what is left of it). Media beyond either are
 * recorded as skipped. Bounds the time one record holds its partition, see application.properties.
 */
public record CaptureBudget(int maxMediaPerPost, Duration perPost) {
    public CaptureBudget {
        if (maxMediaPerPost < 0 || perPost.isNegative()) {
            throw new IllegalArgumentException("capture budget must not be negative: " + maxMediaPerPost + ", " + perPost);
        }
    }

    /**
     * Longest one record can go unacknowledged: the archive is retried for {@code retryFor}, and the attempt that
     * starts just before that ends may still capture for a whole {@link #perPost} (S3 round trips aside).
     */
    public Duration longestRecordTime(Duration retryFor) {
        return retryFor.plus(perPost);
    }
}
