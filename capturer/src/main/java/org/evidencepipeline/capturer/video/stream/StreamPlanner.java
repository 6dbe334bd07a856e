package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;

/**
 * Reads an HLS or DASH stream's playlists or manifest (through the given fetcher, which keeps each one as a part),
 * chooses the variant and renditions by the rule, and lists what else to fetch.
 */
public final class StreamPlanner {
    private final VariantRule rule;
    private final int maxSegments;

    public StreamPlanner(VariantRule rule, int maxSegments) {
        this.rule = rule;
        this.maxSegments = maxSegments;
    }

    /**
     * @param kind {@code VideoCaptureRequested.HLS} or {@code DASH}
     * @throws PlaylistException when a playlist or manifest is not one, or offers nothing to play
     */
    public StreamPlan plan(String kind, String streamUrl, ManifestFetcher fetcher) throws PlaylistException, VideoCaptureStop {
        throw new UnsupportedOperationException("STREAMS");
    }
}
