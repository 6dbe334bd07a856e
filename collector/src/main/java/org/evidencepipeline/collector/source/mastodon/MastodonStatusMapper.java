package org.evidencepipeline.collector.source.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.collector.source.Text;
import org.evidencepipeline.collector.source.Times;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.MediaRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one Mastodon status (REST API v1 entity) into a {@link FoundPost}.
 *
 * <p>A boost (reblog) is kept as the booster's own post: its own id, author and time, because who amplified
 * what and when is itself evidence (and the original may arrive separately under its own id). Its text is
 * the boosted status's text after a first line naming the original's author and link, and it carries the
 * original's media and language, since the boost itself has no content.
 */
final class MastodonStatusMapper {

    /** {@code host} is the instance the status was read from: status ids are only unique per instance. */
    FoundPost map(JsonNode status, String host) {
        String id = Json.nonBlank(status, "id");
        if (id == null) {
            throw new IllegalArgumentException("status without an id");
        }
        JsonNode reblog = Json.at(status, "reblog");
        JsonNode shown = reblog != null && reblog.isObject() ? reblog : status;
        String text = text(shown);
        String url = firstNonNull(Json.nonBlank(status, "url"), Json.nonBlank(shown, "url"), Json.nonBlank(shown, "uri"));
        if (shown != status) {
            String original = firstNonNull(Json.nonBlank(shown, "url"), Json.nonBlank(shown, "uri"));
            String acct = Json.nonBlank(shown, "account", "acct");
            text = "Boost of " + (acct == null ? "an unknown account" : "@" + acct) + (original == null ? "" : " " + original) + "\n" + text;
        }
        return new FoundPost("mastodon", host + "/" + id, url, author(Json.at(status, "account")), null, text,
                Json.nonBlank(shown, "language"), Times.iso(Json.text(status, "created_at")), media(shown), null);
    }

    /** The visible text: the content warning (spoiler) first, as readers see it, then the content. */
    private static String text(JsonNode status) {
        String content = Text.fromHtml(Json.text(status, "content"));
        String spoiler = Json.nonBlank(status, "spoiler_text");
        if (spoiler == null) {
            return content == null ? "" : content;
        }
        return content == null || content.isEmpty() ? spoiler.strip() : spoiler.strip() + "\n\n" + content;
    }

    private static Author author(JsonNode account) {
        if (account == null) {
            return null;
        }
        String name = firstNonNull(Json.nonBlank(account, "display_name"), Json.nonBlank(account, "acct"));
        return new Author(Json.nonBlank(account, "id"), name, Json.nonBlank(account, "url"));
    }

    /**
     * Attachments in the author's order. {@code url} is the instance's cached copy; for remote media not
     * cached yet it is null and {@code remote_url} (the origin server's file) is the one to fetch.
     */
    private static List<MediaRef> media(JsonNode status) {
        List<MediaRef> media = new ArrayList<>();
        for (JsonNode a : Json.array(status, "media_attachments")) {
            String url = firstNonNull(Json.nonBlank(a, "url"), Json.nonBlank(a, "remote_url"));
            if (url != null) {
                media.add(new MediaRef(url, Json.nonBlank(a, "type"), Json.nonBlank(a, "id")));
            }
        }
        return media;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
