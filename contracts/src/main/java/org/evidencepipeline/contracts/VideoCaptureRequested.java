package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A request to capture one video stream of a post version whole (every playlist, segment, key and init part), published
 * by the collector to {@link Topics#VIDEOS_REQUESTED} keyed by {@link #postId()} beside the post itself, for the
 * collections whose {@code capture.videos} is on. Direct video files (Telegram, Mastodon, enclosures) stay the storer's
 * media captures; this is for what one GET cannot hold.
 *
 * @param pageUrl   the post's own page (context; yt-dlp reads it for {@link #SITE})
 * @param streamUrl the HLS playlist, DASH manifest or page to capture
 * @param kind      {@link #HLS}, {@link #DASH} or {@link #SITE}
 * @param requester the collecting tool, its version and config hash
 */
public record VideoCaptureRequested(
        int schemaVersion,
        String postId,
        int postVersion,
        String platform,
        String pageUrl,
        String streamUrl,
        String kind,
        List<String> collectionIds,
        Instant requestedAt,
        ToolInfo requester) {

    public static final int SCHEMA_VERSION = 1;
    /** An HLS master or media playlist ({@code .m3u8}). */
    public static final String HLS = "hls";
    /** A DASH manifest ({@code .mpd}). */
    public static final String DASH = "dash";
    /** A page only yt-dlp can read (YouTube watch pages and the like). */
    public static final String SITE = "site";
    public static final Set<String> KINDS = Set.of(HLS, DASH, SITE);

    public VideoCaptureRequested {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(streamUrl, "streamUrl");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("a video stream is hls, dash or site, not " + kind);
        }
        if (postVersion < 1) {
            throw new IllegalArgumentException("postVersion starts at 1 but was " + postVersion);
        }
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
    }

    /** The same post version and stream URL always give the same capture id, so a replay finds the earlier capture. */
    public String captureId() {
        return VideoProvenance.idFor(postId, postVersion, streamUrl);
    }
}
