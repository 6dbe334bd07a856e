package org.evidencepipeline.capturer.video.stream;

import java.util.List;

/**
 * A DASH MPD (ISO/IEC 23009-1) as parsed, with every segment URL already expanded (SegmentTemplate with $Number$ or
 * $Time$ and SegmentTimeline, SegmentList, or SegmentBase / a BaseURL that is the whole file) and resolved against the
 * manifest URL and its BaseURLs.
 *
 * @param durationSeconds mediaPresentationDuration, or null when absent
 * @param dynamic         true for a live (type="dynamic") manifest
 */
public record DashManifest(Double durationSeconds, boolean dynamic, List<Adaptation> adaptations) {
    public DashManifest {
        adaptations = List.copyOf(adaptations);
    }

    /** @param contentType video, audio or text (from contentType or the mimeType's prefix) */
    public record Adaptation(String contentType, String language, List<Representation> representations) {
        public Adaptation {
            representations = List.copyOf(representations);
        }
    }

    /** @param initUrl the initialization segment, or null (SegmentBase whole file, or none declared) */
    public record Representation(String id, long bandwidth, Integer width, Integer height, String codecs, String mimeType,
                                 String initUrl, List<Segment> segments) {
        public Representation {
            segments = List.copyOf(segments);
        }
    }

    /**
     * @param init true for a later Period's own initialization segment, listed where that Period's segments begin
     *             (the first Period's is {@link Representation#initUrl()})
     */
    public record Segment(String url, Double durationSeconds, boolean init) {
        public Segment(String url, Double durationSeconds) {
            this(url, durationSeconds, false);
        }
    }
}
