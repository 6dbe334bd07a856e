package org.evidencepipeline.local;

import org.evidencepipeline.embedded.FeedReplayServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled offline demo: an RSS feed in several languages with real image bytes, one post's HLS video stream and
 * each post's own HTML page, served on loopback, and the collections that watch it.
 */
public final class DemoFeed implements AutoCloseable {
    public static final List<String> MEDIA = List.of("kharkiv-0615.jpg", "street-damage.jpg", "substation.jpg",
            "aleppo-market.jpg", "banner.png");
    /**
     * The demo video, an HLS stream (64x36, 4 s, H.264 and AAC, made once with ffmpeg): the master playlist, its one
     * variant's media playlist and that variant's two segments, served under {@code /video/} as a platform would.
     */
    public static final String VIDEO_MASTER = "master.m3u8";
    public static final List<String> VIDEO = List.of(VIDEO_MASTER, "strike.m3u8", "strike-0.ts", "strike-1.ts");

    private final FeedReplayServer server;
    private final String feedXml;
    private final Map<String, byte[]> media = new LinkedHashMap<>();
    private final Map<String, byte[]> video = new LinkedHashMap<>();
    private final Map<String, byte[]> pages;

    private DemoFeed(FeedReplayServer server) {
        this.server = server;
        this.feedXml = resource("demo/feed.xml").replace("{{BASE}}", server.baseUrl());
        server.serve("/feed.xml", feedXml, "application/rss+xml; charset=utf-8");
        for (String name : MEDIA) {
            byte[] bytes = resourceBytes("demo/media/" + name);
            media.put(name, bytes);
            server.serve("/media/" + name, bytes, name.endsWith(".png") ? "image/png" : "image/jpeg");
        }
        for (String name : VIDEO) {
            byte[] bytes = resourceBytes("demo/video/" + name);
            video.put(name, bytes);
            server.serve("/video/" + name, bytes, name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
        }
        // Each post's own page at its link, for the capturer to load in a browser.
        pages = DemoPages.render(feedXml, server.baseUrl(), MEDIA);
        pages.forEach((path, html) -> server.serve(path, html, "text/html; charset=utf-8"));
    }

    public static DemoFeed start() {
        return new DemoFeed(FeedReplayServer.start());
    }

    public String feedUrl() {
        return server.url("/feed.xml");
    }

    public String mediaUrl(String name) {
        return server.url("/media/" + name);
    }

    /** The feed exactly as the demo server serves it (UTF-8), to check fetch WARCs against. */
    public String feedXml() {
        return feedXml;
    }

    /** The bytes the demo server serves for each media file, to check the archive against. */
    public Map<String, byte[]> media() {
        return Map.copyOf(media);
    }

    /** The demo video stream's master playlist URL (the demo post's enclosure). */
    public String videoStreamUrl() {
        return videoUrl(VIDEO_MASTER);
    }

    public String videoUrl(String name) {
        return server.url("/video/" + name);
    }

    /** The bytes the demo server serves for each part of the video stream, by URL, to check the archive against. */
    public Map<String, byte[]> videoParts() {
        Map<String, byte[]> byUrl = new LinkedHashMap<>();
        video.forEach((name, bytes) -> byUrl.put(videoUrl(name), bytes.clone()));
        return byUrl;
    }

    /** The HTML the demo server serves at each post's link, by URL: what a page capture's HTML source must equal. */
    public Map<String, byte[]> pages() {
        Map<String, byte[]> byUrl = new LinkedHashMap<>();
        pages.forEach((path, html) -> byUrl.put(server.url(path), html.clone()));
        return byUrl;
    }

    /** Number of posts in the demo feed. */
    public int postCount() {
        Matcher m = Pattern.compile("<item>").matcher(feedXml);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    public String collectionsYaml() {
        return resource("demo/collections.yaml").replace("{{FEED}}", feedUrl());
    }

    @Override
    public void close() {
        server.close();
    }

    static String resource(String path) {
        return new String(resourceBytes(path), StandardCharsets.UTF_8);
    }

    static byte[] resourceBytes(String path) {
        try (InputStream in = DemoFeed.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
