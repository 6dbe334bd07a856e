package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoProvenance;

import java.time.Duration;

/**
 * The limits of one stream's capture (capturer.video.*), and the HTTP timeouts its parts are fetched with.
 *
 * @param maxBytes    all parts of one stream together
 * @param maxDuration the stream's stated duration; over it no segment is fetched
 * @param wallTime    fetching every part of one stream
 * @param partTimeout one part (cut to the wall time left)
 */
public record StreamCaps(long maxBytes, Duration maxDuration, int maxSegments, Duration wallTime, Duration partTimeout,
                         Duration connectTimeout, Duration readTimeout) {
    public StreamCaps {
        if (maxBytes <= 0 || maxSegments <= 0 || maxDuration.isNegative() || maxDuration.isZero()
                || wallTime.isNegative() || wallTime.isZero() || partTimeout.isNegative() || partTimeout.isZero()) {
            throw new IllegalArgumentException("video caps must be positive: " + maxBytes + " bytes, " + maxSegments
                    + " segments, " + maxDuration + ", wall time " + wallTime + ", part timeout " + partTimeout);
        }
    }

    /** As recorded in the provenance. */
    public VideoProvenance.Caps recorded() {
        return new VideoProvenance.Caps(maxBytes, maxDuration.toSeconds(), maxSegments, wallTime.toSeconds());
    }
}
