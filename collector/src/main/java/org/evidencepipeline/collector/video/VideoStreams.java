package org.evidencepipeline.collector.video;

import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.VideoCaptureRequested;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The video streams a post record names, read from what the platform adapters put in it: a media item whose declared
 * type (or, without a telling type, whose URL's extension) is an HLS playlist or a DASH manifest, and a YouTube post's
 * watch page (only yt-dlp can read it). Reading them from the post record rather than from the adapters' internals
 * means the request never names a stream the archived post does not. Direct files (mp4, webm, gifv: Telegram,
 * Mastodon, enclosures) are no stream: the storer captures them in one GET.
 */
public final class VideoStreams {
    /** Every media type HLS playlists are served or declared as (RFC 8216 and the legacy ones feeds still use). */
    private static final Set<String> HLS_TYPES = Set.of("application/vnd.apple.mpegurl", "application/x-mpegurl",
            "audio/mpegurl", "audio/x-mpegurl");
    private static final String DASH_TYPE = "application/dash+xml";
    /** The watch page the RSS adapter states for a video of YouTube's own feed (RssEntryMapper). */
    private static final String YOUTUBE_WATCH = "https://www.youtube.com/watch?v=";
    /** A post naming more is not a post with video evidence but a list: the rest stay the storer's media. */
    static final int MAX_STREAMS_PER_POST = 16;

    private VideoStreams() {
    }

    /** The post's streams in the order the post names them, each once. */
    public static List<VideoStream> of(PostCollected post) {
        Set<String> urls = new LinkedHashSet<>();
        List<VideoStream> streams = new ArrayList<>();
        if ("youtube".equals(post.platform()) && post.url() != null && post.url().startsWith(YOUTUBE_WATCH)
                && isWebUrl(post.url())) {
            urls.add(post.url());
            streams.add(new VideoStream(post.url(), VideoCaptureRequested.SITE));
        }
        for (MediaRef m : post.media()) {
            String kind = kindOf(m);
            if (kind != null && isWebUrl(m.url()) && streams.size() < MAX_STREAMS_PER_POST && urls.add(m.url())) {
                streams.add(new VideoStream(m.url(), kind));
            }
        }
        return streams;
    }

    /** {@code hls} or {@code dash} for a stream, null for anything else. The declared type wins over the extension. */
    static String kindOf(MediaRef m) {
        String type = m.declaredType() == null ? "" : m.declaredType().toLowerCase(Locale.ROOT);
        int params = type.indexOf(';');
        type = (params < 0 ? type : type.substring(0, params)).trim();
        if (HLS_TYPES.contains(type)) {
            return VideoCaptureRequested.HLS;
        }
        if (DASH_TYPE.equals(type)) {
            return VideoCaptureRequested.DASH;
        }
        if (!type.isEmpty() && !type.equals("video") && !type.startsWith("video/") && !type.startsWith("application/octet-stream")) {
            return null; // declared as something else (an image, audio/mpeg...): the URL's name does not overrule it
        }
        String path = path(m.url());
        if (path.endsWith(".m3u8")) {
            return VideoCaptureRequested.HLS;
        }
        if (path.endsWith(".mpd")) {
            return VideoCaptureRequested.DASH;
        }
        return null;
    }

    private static String path(String url) {
        try {
            String p = new URI(url).getRawPath();
            return p == null ? "" : p.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static boolean isWebUrl(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
