package org.evidencepipeline.capturer.video;

import org.evidencepipeline.capturer.video.mux.MuxTrack;
import org.evidencepipeline.capturer.video.stream.PlannedPart;
import org.evidencepipeline.capturer.video.stream.StreamPlan;
import org.evidencepipeline.contracts.VideoPart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The muxer's tracks from a whole capture's kept parts: per track (video, audio; subtitles stay parts) its init part
 * and its segments in order, each with the local copy of the key that decrypts it. Only local files, the same bytes
 * that were hashed and stored.
 */
final class MuxPlan {
    private MuxPlan() {
    }

    static List<MuxTrack> tracks(StreamPlan plan, KeptParts kept) {
        Map<String, PlannedPart> planned = new HashMap<>();
        for (PlannedPart p : plan.parts()) {
            planned.putIfAbsent(p.url(), p);
        }
        Map<String, Path> inits = new LinkedHashMap<>();
        Map<String, List<MuxTrack.Segment>> segments = new LinkedHashMap<>();
        for (VideoPart part : kept.parts()) {
            if (!"video".equals(part.track()) && !"audio".equals(part.track())) {
                continue;
            }
            if (VideoPart.INIT.equals(part.role())) {
                inits.putIfAbsent(part.track(), kept.file(part));
                segments.computeIfAbsent(part.track(), t -> new ArrayList<>());
            } else if (VideoPart.SEGMENT.equals(part.role())) {
                PlannedPart p = planned.get(part.url());
                Path key = p == null || p.keyUrl() == null ? null : kept.fileOf(p.keyUrl()).orElse(null);
                segments.computeIfAbsent(part.track(), t -> new ArrayList<>()).add(new MuxTrack.Segment(kept.file(part),
                        part.durationSeconds(), p == null ? -1 : p.sequence(), key, p == null ? null : p.keyIv()));
            }
        }
        List<MuxTrack> tracks = new ArrayList<>();
        segments.forEach((track, list) -> tracks.add(new MuxTrack(track, inits.get(track), list)));
        return tracks;
    }
}
