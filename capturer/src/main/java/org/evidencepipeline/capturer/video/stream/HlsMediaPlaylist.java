package org.evidencepipeline.capturer.video.stream;

import java.util.List;

/** An HLS media playlist as parsed (RFC 8216 §4.4.4): its segments in order, each with the key and init map in force. */
public record HlsMediaPlaylist(double targetDurationSeconds, long mediaSequence, boolean endList, List<Segment> segments) {
    public HlsMediaPlaylist {
        segments = List.copyOf(segments);
    }

    public double durationSeconds() {
        return segments.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    /**
     * @param sequence the media sequence number (the default AES-128 IV)
     * @param key      the {@code EXT-X-KEY} in force, or null when clear
     * @param mapUri   the {@code EXT-X-MAP} URI (fMP4 init section) in force, or null
     */
    public record Segment(String uri, double durationSeconds, long sequence, Key key, String mapUri) {
    }

    /** @param method AES-128 or SAMPLE-AES (NONE is parsed as no key); {@code iv} as written ({@code 0x…}) or null */
    public record Key(String method, String uri, String iv) {
    }
}
