package org.evidencepipeline.collector.source.bluesky.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.source.FoundDeletion;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.MediaRef;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one Jetstream event into a post. Only commits that create or update an {@code app.bsky.feed.post}
 * record become posts (an update is the same post id with new content, which the runner publishes as a
 * new version). Deletes of posts are reported separately ({@link #deletion}); likes, follows, identity and
 * account events are skipped.
 * Media are referenced by blob CID and resolved to the public CDN URLs the Bluesky app itself uses.
 */
final class JetstreamEventMapper {
    static final String POST = "app.bsky.feed.post";

    private final String imageCdn;
    private final String videoBase;

    JetstreamEventMapper(String imageCdn, String videoBase) {
        this.imageCdn = imageCdn;
        this.videoBase = videoBase;
    }

    /** A delete commit of a post: the platform's own statement that it is gone. */
    Optional<FoundDeletion> deletion(JsonNode event) {
        JsonNode commit = event.path("commit");
        if (!"commit".equals(event.path("kind").asText()) || !POST.equals(commit.path("collection").asText())
                || !"delete".equals(commit.path("operation").asText())) {
            return Optional.empty();
        }
        String did = required(event, "did");
        String rkey = required(commit, "rkey");
        return Optional.of(new FoundDeletion("bluesky", "at://" + did + "/" + POST + "/" + rkey,
                "jetstream delete commit rev=" + commit.path("rev").asText("?") + " time_us=" + event.path("time_us").asLong()));
    }

    Optional<FoundPost> map(JsonNode event) {
        JsonNode commit = event.path("commit");
        String operation = commit.path("operation").asText();
        if (!"commit".equals(event.path("kind").asText()) || !POST.equals(commit.path("collection").asText())
                || !("create".equals(operation) || "update".equals(operation))) {
            return Optional.empty();
        }
        String did = required(event, "did");
        String rkey = required(commit, "rkey");
        JsonNode record = commit.path("record");
        if (!record.isObject()) {
            throw new IllegalArgumentException("commit without a record");
        }
        String uri = "at://" + did + "/" + POST + "/" + rkey;
        String language = record.path("langs").isArray() && !record.path("langs").isEmpty() ? record.path("langs").get(0).asText() : null;
        Instant created = null;
        if (record.hasNonNull("createdAt")) {
            try {
                created = Instant.parse(record.get("createdAt").asText());
            } catch (DateTimeParseException e) {
                created = null; // a client-supplied date can be anything; the post still counts
            }
        }
        return Optional.of(new FoundPost("bluesky", uri, "https://bsky.app/profile/" + did + "/post/" + rkey,
                new Author(did, null, "https://bsky.app/profile/" + did), null, record.path("text").asText(""),
                language, created, media(did, record.path("embed")), null));
    }

    private List<MediaRef> media(String did, JsonNode embed) {
        List<MediaRef> out = new ArrayList<>();
        String type = embed.path("$type").asText();
        if ("app.bsky.embed.recordWithMedia".equals(type)) {
            return media(did, embed.path("media"));
        }
        if ("app.bsky.embed.images".equals(type)) {
            for (JsonNode image : embed.path("images")) {
                String cid = image.path("image").path("ref").path("$link").asText(null);
                if (cid != null) {
                    out.add(new MediaRef(imageCdn + "/" + did + "/" + cid + "@jpeg",
                            image.path("image").path("mimeType").asText("image"), cid));
                }
            }
        } else if ("app.bsky.embed.video".equals(type)) {
            String cid = embed.path("video").path("ref").path("$link").asText(null);
            if (cid != null) {
                // The record holds only the blob's CID. The AppView names the playback of that blob
                // <video service>/watch/<URL-encoded DID>/<CID>/playlist.m3u8, so that is the same URL, and so the same
                // stream, as the AppView view of this post; its type is the playlist's, not the uploaded file's.
                out.add(new MediaRef(videoBase + "/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/" + cid + "/playlist.m3u8",
                        "application/vnd.apple.mpegurl", cid));
            }
        }
        return out;
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asText(null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event without " + field);
        }
        return value;
    }
}
