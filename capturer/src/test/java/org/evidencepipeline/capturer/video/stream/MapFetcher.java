package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The planner's input for a test: playlists by URL (optionally served from a redirected URL), and what was asked. */
final class MapFetcher implements ManifestFetcher {
    record Call(String role, String track, String url) {
    }

    private final Map<String, String> bodies = new HashMap<>();
    private final Map<String, String> redirects = new HashMap<>();
    final List<Call> calls = new ArrayList<>();
    final List<Call> identified = new ArrayList<>();

    MapFetcher serve(String url, String body) {
        bodies.put(url, body);
        return this;
    }

    /** Asking for {@code url} answers with the body of {@code target}, as fetched from {@code target}. */
    MapFetcher redirect(String url, String target) {
        redirects.put(url, target);
        return this;
    }

    @Override
    public Fetched fetch(String role, String track, String url) throws VideoCaptureStop {
        calls.add(new Call(role, track, url));
        String at = redirects.getOrDefault(url, url);
        String body = bodies.get(at);
        if (body == null) {
            throw VideoCaptureStop.failed("404 " + url);
        }
        return new Fetched(body.getBytes(StandardCharsets.UTF_8), at);
    }

    @Override
    public void identified(String fetchedUrl, String role, String track) {
        identified.add(new Call(role, track, fetchedUrl));
    }

    /** A media playlist of {@code count} segments named by the pattern (%d: index), each {@code seconds} long. */
    static String mediaPlaylist(int count, double seconds, String pattern) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + (int) Math.ceil(seconds)
                + "\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        for (int i = 0; i < count; i++) {
            sb.append("#EXTINF:").append(seconds).append(",\n").append(String.format(pattern, i)).append('\n');
        }
        return sb.append("#EXT-X-ENDLIST\n").toString();
    }
}
