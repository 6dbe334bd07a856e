package org.evidencepipeline.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What happened when the capturer tried to capture one video stream. The set is closed: every request ends in exactly
 * one of these, published in {@link VideoArchived}, so no stream request silently disappears.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = VideoCaptureOutcome.Captured.class, name = "captured"),
        @JsonSubTypes.Type(value = VideoCaptureOutcome.TooLarge.class, name = "too-large"),
        @JsonSubTypes.Type(value = VideoCaptureOutcome.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = VideoCaptureOutcome.Refused.class, name = "refused"),
        @JsonSubTypes.Type(value = VideoCaptureOutcome.Skipped.class, name = "skipped")
})
public sealed interface VideoCaptureOutcome {

    /** The stream URL as requested. */
    String streamUrl();

    /**
     * Every part the chosen variant needs is durable, with the provenance record. {@code muxedSha256} is the derived
     * playable MP4, or null when it was not muxed ({@code muxNote} says why: no ffmpeg, ffmpeg failed).
     */
    record Captured(String streamUrl, String captureId, int parts, long bytes, Double durationSeconds, String muxedSha256,
                    String muxNote, String provenanceKey) implements VideoCaptureOutcome {
    }

    /**
     * A cap was reached ({@code cap}: {@code bytes}, {@code duration}, {@code segments} or {@code wall-time}): the parts
     * fetched before it are kept and listed in the provenance record, which says {@code complete: false}. Never muxed
     * and never claimed whole.
     */
    record TooLarge(String streamUrl, String captureId, String cap, String limit, int keptParts, long keptBytes,
                    String provenanceKey) implements VideoCaptureOutcome {
    }

    /**
     * Attempted and no capture: a playlist that is not one, a part that failed to fetch, a yt-dlp error. The parts
     * fetched before the failure are kept and listed when {@code provenanceKey} is set ({@code complete: false}).
     */
    record Failed(String streamUrl, String captureId, String reason, String provenanceKey) implements VideoCaptureOutcome {
    }

    /** Not attempted: the URL or its address is not allowed. */
    record Refused(String streamUrl, String reason) implements VideoCaptureOutcome {
    }

    /** Not attempted: video capture off, or yt-dlp needed and absent on this capturer; the reason says which. */
    record Skipped(String streamUrl, String reason) implements VideoCaptureOutcome {
    }
}
