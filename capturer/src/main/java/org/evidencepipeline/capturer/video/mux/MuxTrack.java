package org.evidencepipeline.capturer.video.mux;

import java.nio.file.Path;
import java.util.List;

/**
 * One track's stored parts as local files, in order, for the muxer.
 *
 * @param name {@code video} or {@code audio} (subtitles are kept as parts, not muxed)
 * @param init the init part (fMP4 / DASH), or null
 */
public record MuxTrack(String name, Path init, List<Segment> segments) {
    public MuxTrack {
        segments = List.copyOf(segments);
    }

    /**
     * @param key   the AES-128 key file that decrypts it, or null when clear
     * @param keyIv the IV as written ({@code 0x…}), or null: the sequence number is the IV (RFC 8216 §5.2)
     */
    public record Segment(Path file, Double durationSeconds, long sequence, Path key, String keyIv) {
    }
}
