package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoProvenance;

import java.util.List;

/**
 * What a stream's capture must fetch after its playlists or manifest: every key, init part and segment of the chosen
 * variant and renditions, in order, each URL once (a byte-ranged resource is fetched whole, once).
 *
 * @param durationSeconds the chosen video track's duration as its playlist or manifest states it, or null
 * @param live            true when the playlist has no ENDLIST or the manifest is dynamic (what is listed now is captured)
 */
public record StreamPlan(VideoProvenance.Selection selection, List<PlannedPart> parts, Double durationSeconds, boolean live) {
    public StreamPlan {
        parts = List.copyOf(parts);
    }

    public long segments() {
        return parts.stream().filter(p -> !"key".equals(p.role())).count();
    }
}
