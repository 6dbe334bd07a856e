package org.evidencepipeline.capturer.video.stream;

/** Parses HLS playlists (RFC 8216) from strangers: bounded, never trusting a tag, every error a {@link PlaylistException}. */
public final class HlsParser {
    private HlsParser() {
    }

    /** True when the text is a multivariant playlist (has EXT-X-STREAM-INF), false for a media playlist. */
    public static boolean isMaster(String text) throws PlaylistException {
        throw new UnsupportedOperationException("STREAMS");
    }

    public static HlsMasterPlaylist master(String text) throws PlaylistException {
        throw new UnsupportedOperationException("STREAMS");
    }

    public static HlsMediaPlaylist media(String text) throws PlaylistException {
        throw new UnsupportedOperationException("STREAMS");
    }
}
