package org.evidencepipeline.collector.source.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.contracts.MediaRef;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Media of a post from its embed. The view ({@code post.embed}) has fetchable CDN URLs; the record
 * ({@code post.record.embed}) has the blobs' CIDs, the content addresses the author's repository signed,
 * which are kept as the platform reference for provenance. Both list images in the same order.
 */
final class BlueskyEmbeds {
    static final String IMAGES = "app.bsky.embed.images";
    static final String VIDEO = "app.bsky.embed.video";
    static final String RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia";
    static final String EXTERNAL = "app.bsky.embed.external";
    /** The playlist is an HLS stream (the capturer fetches its segments), not the uploaded file the CID names. */
    static final String HLS_PLAYLIST = "application/vnd.apple.mpegurl";

    private BlueskyEmbeds() {
    }

    static List<MediaRef> media(JsonNode view, JsonNode record) {
        List<MediaRef> media = new ArrayList<>();
        String type = Json.text(view, "$type");
        if ((IMAGES + "#view").equals(type)) {
            images(view, IMAGES.equals(Json.text(record, "$type")) ? record : null, media);
        } else if ((VIDEO + "#view").equals(type)) {
            video(view, VIDEO.equals(Json.text(record, "$type")) ? record : null, media);
        } else if ((RECORD_WITH_MEDIA + "#view").equals(type)) {
            // A quote post with its own media: the media is this post's, the quoted record is another post.
            media.addAll(media(Json.at(view, "media"), Json.at(record, "media")));
        }
        return media;
    }

    /** The link of a link card ({@code app.bsky.embed.external}), or null. */
    static String externalLink(JsonNode view) {
        String type = Json.text(view, "$type");
        if ((EXTERNAL + "#view").equals(type)) {
            return Json.nonBlank(view, "external", "uri");
        }
        if ((RECORD_WITH_MEDIA + "#view").equals(type)) {
            return externalLink(Json.at(view, "media"));
        }
        return null;
    }

    private static void images(JsonNode view, JsonNode record, List<MediaRef> media) {
        Iterator<JsonNode> blobs = Json.array(record, "images").iterator();
        for (JsonNode image : Json.array(view, "images")) {
            JsonNode blob = blobs.hasNext() ? blobs.next() : null;
            String url = Json.nonBlank(image, "fullsize");
            if (url != null) {
                media.add(new MediaRef(url, "image", Json.nonBlank(blob, "image", "ref", "$link")));
            }
        }
    }

    /**
     * The HLS playlist is what the AppView offers for playback; the thumbnail is kept as a still so there
     * is an image of the video even where a playlist cannot be archived as one file.
     */
    private static void video(JsonNode view, JsonNode record, List<MediaRef> media) {
        String cid = record != null && Json.nonBlank(record, "video", "ref", "$link") != null
                ? Json.nonBlank(record, "video", "ref", "$link") : Json.nonBlank(view, "cid");
        String playlist = Json.nonBlank(view, "playlist");
        if (playlist != null) {
            media.add(new MediaRef(playlist, HLS_PLAYLIST, cid));
        }
        String thumbnail = Json.nonBlank(view, "thumbnail");
        if (thumbnail != null) {
            media.add(new MediaRef(thumbnail, "image", "thumbnail"));
        }
    }
}
