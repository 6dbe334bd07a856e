package org.evidencepipeline.collector.source.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.collector.source.Times;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.MediaRef;

import java.util.List;

/**
 * Turns one {@code app.bsky.feed.defs#postView} into a {@link FoundPost}. The post's {@code at://} URI is its
 * identity; {@code createdAt} is when the author says it was written ({@code indexedAt} is when the AppView saw it).
 */
final class BlueskyPostMapper {
    static final String WEB = "https://bsky.app";

    /** The post URI when it names a post record ({@code at://<did>/app.bsky.feed.post/<rkey>}), else null. */
    static String uri(JsonNode post) {
        String uri = Json.nonBlank(post, "uri");
        return uri != null && uri.matches("at://[^/]+/app\\.bsky\\.feed\\.post/[^/]+") ? uri : null;
    }

    FoundPost map(JsonNode post) {
        String uri = uri(post);
        if (uri == null) {
            throw new IllegalArgumentException("post without an at:// post URI");
        }
        JsonNode record = Json.at(post, "record");
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("post without a record");
        }
        JsonNode author = Json.at(post, "author");
        String did = Json.nonBlank(author, "did");
        String handle = Json.nonBlank(author, "handle");
        // "handle.invalid" is what the AppView shows when a handle no longer verifies; the DID always links.
        String profile = handle != null && !handle.equals("handle.invalid") ? handle : did != null ? did : uri.split("/")[2];
        String url = WEB + "/profile/" + profile + "/post/" + uri.substring(uri.lastIndexOf('/') + 1);
        List<MediaRef> media = BlueskyEmbeds.media(Json.at(post, "embed"), Json.at(record, "embed"));
        return new FoundPost("bluesky", uri, url,
                author == null ? null : new Author(did, firstNonBlank(Json.nonBlank(author, "displayName"), handle), WEB + "/profile/" + profile),
                null, text(record, Json.at(post, "embed")), language(record), Times.iso(Json.text(record, "createdAt")), media, null);
    }

    /** The record's text; a link card's link is added when the text does not already show it (cards often replace it). */
    private static String text(JsonNode record, JsonNode embed) {
        String text = Json.text(record, "text");
        text = text == null ? "" : text;
        String link = BlueskyEmbeds.externalLink(embed);
        if (link == null || text.contains(link)) {
            return text;
        }
        return text.isEmpty() ? link : text + "\n" + link;
    }

    private static String language(JsonNode record) {
        for (JsonNode lang : Json.array(record, "langs")) {
            if (lang.isTextual() && !lang.asText().isBlank()) {
                return lang.asText();
            }
        }
        return null;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null ? a : b;
    }
}
