package org.evidencepipeline.capturer.video.stream;

/**
 * A playlist or manifest listing more segments than the configured cap. Distinct from a malformed one, because the
 * capture's honest outcome is then {@code too-large} (the playlists kept), not {@code failed}.
 */
public final class SegmentLimitException extends PlaylistException {
    private final int limit;

    public SegmentLimitException(int limit, String message) {
        super(message);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
