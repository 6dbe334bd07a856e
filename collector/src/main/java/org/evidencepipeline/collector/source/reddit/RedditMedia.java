package org.evidencepipeline.collector.source.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.contracts.MediaRef;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The media of one Reddit post, from the several places the listing JSON keeps it: galleries, hosted
 * video, a direct image link, a crossposted parent, and as a last resort Reddit's preview images.
 */
final class RedditMedia {
    private RedditMedia() {
    }

    static List<MediaRef> of(JsonNode post) {
        List<MediaRef> media = own(post);
        JsonNode parent = crosspostParent(post);
        if (media.isEmpty() && parent != null) {
            media = own(parent); // a crosspost has no media of its own; the parent's are what readers see
        }
        if (media.isEmpty()) {
            media = preview(post);
        }
        if (media.isEmpty() && parent != null) {
            media = preview(parent);
        }
        return media;
    }

    private static List<MediaRef> own(JsonNode post) {
        List<MediaRef> media = new ArrayList<>();
        if (post.path("is_gallery").asBoolean(false)) {
            gallery(post, media);
        }
        JsonNode video = firstNonNull(Json.at(post, "secure_media", "reddit_video"), Json.at(post, "media", "reddit_video"));
        String videoUrl = Json.nonBlank(video, "fallback_url");
        if (videoUrl != null) {
            // The fallback MP4 is the one single file Reddit offers (without the audio track, which DASH/HLS carry apart).
            media.add(new MediaRef(videoUrl, "video", null));
        }
        MediaRef stream = stream(video);
        if (stream != null) {
            media.add(stream);
        }
        String link = firstNonNull(Json.nonBlank(post, "url_overridden_by_dest"), Json.nonBlank(post, "url"));
        if (media.isEmpty() && link != null && ("image".equals(Json.text(post, "post_hint")) || isRedditImageHost(link))) {
            media.add(new MediaRef(link, "image", null));
        }
        return media;
    }

    /**
     * The hosted video's stream, which carries the audio the fallback MP4 lacks: the DASH manifest, else the HLS
     * playlist. Named in the post record so the post says which stream its video capture is of. {@code raw_json=1}
     * keeps URLs unescaped; an {@code &amp;} is still undone in case a listing came without it, as a stream URL with
     * one would name another resource.
     */
    private static MediaRef stream(JsonNode video) {
        String dash = Json.nonBlank(video, "dash_url");
        if (dash != null) {
            return new MediaRef(unescape(dash), DASH_TYPE, "reddit_video");
        }
        String hls = Json.nonBlank(video, "hls_url");
        return hls == null ? null : new MediaRef(unescape(hls), HLS_TYPE, "reddit_video");
    }

    static final String DASH_TYPE = "application/dash+xml";
    static final String HLS_TYPE = "application/vnd.apple.mpegurl";

    private static String unescape(String url) {
        return url.replace("&amp;", "&");
    }

    /** Gallery images in the author's order ({@code gallery_data.items}), not {@code media_metadata}'s key order. */
    private static void gallery(JsonNode post, List<MediaRef> media) {
        JsonNode metadata = Json.at(post, "media_metadata");
        for (JsonNode item : Json.array(post, "gallery_data", "items")) {
            String mediaId = Json.nonBlank(item, "media_id");
            JsonNode meta = mediaId == null ? null : Json.at(metadata, mediaId);
            if (meta == null || !"valid".equals(Json.text(meta, "status"))) {
                continue; // still processing or failed upload: there is nothing to fetch yet
            }
            String url = "AnimatedImage".equals(Json.text(meta, "e"))
                    ? firstNonNull(Json.nonBlank(meta, "s", "gif"), Json.nonBlank(meta, "s", "mp4"))
                    : Json.nonBlank(meta, "s", "u");
            if (url != null) {
                media.add(new MediaRef(url, firstNonNull(Json.nonBlank(meta, "m"), "image"), mediaId));
            }
        }
    }

    /** Reddit's own renderings, used only when nothing else is there (link posts, external video). */
    private static List<MediaRef> preview(JsonNode post) {
        String gifVideo = Json.nonBlank(post, "preview", "reddit_video_preview", "fallback_url");
        if (gifVideo != null) {
            return List.of(new MediaRef(gifVideo, "video", "preview"));
        }
        for (JsonNode image : Json.array(post, "preview", "images")) {
            String url = Json.nonBlank(image, "source", "url");
            if (url != null) {
                return List.of(new MediaRef(url, "image", "preview"));
            }
        }
        return List.of();
    }

    private static JsonNode crosspostParent(JsonNode post) {
        for (JsonNode parent : Json.array(post, "crosspost_parent_list")) {
            return parent.isObject() ? parent : null;
        }
        return null;
    }

    static boolean isRedditImageHost(String url) {
        try {
            return "i.redd.it".equalsIgnoreCase(URI.create(url).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
