package org.evidencepipeline.collector.source.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.MediaRef;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Turns one listing child ({@code kind: t3}) into a {@link FoundPost}. Removed and deleted posts are kept
 * as Reddit shows them ({@code [removed]} text, no author): a later version saying so is itself evidence.
 */
final class RedditPostMapper {
    static final String SITE = "https://www.reddit.com";

    /** The post's fullname ({@code t3_…}), or null when the child is not a readable post. */
    static String fullname(JsonNode child) {
        if (!"t3".equals(Json.text(child, "kind"))) {
            return null;
        }
        String name = Json.nonBlank(child, "data", "name");
        if (name == null && Json.nonBlank(child, "data", "id") != null) {
            name = "t3_" + Json.text(child, "data", "id");
        }
        return name != null && name.matches("t3_[0-9a-z]+") ? name : null;
    }

    FoundPost map(JsonNode child) {
        String fullname = fullname(child);
        if (fullname == null) {
            throw new IllegalArgumentException("not a post with a t3_ fullname");
        }
        JsonNode post = child.get("data");
        List<MediaRef> media = RedditMedia.of(post);
        return new FoundPost("reddit", fullname, permalink(post, fullname.substring(3)),
                author(post), Json.nonBlank(post, "title"), text(post, media), null, published(post), media, null);
    }

    /**
     * The post's own page, {@code https://www.reddit.com/r/<subreddit>/comments/<id>/…}: the listing's permalink when it
     * is the page of this post, else built from the subreddit (or {@code /comments/<id>/}, which Reddit redirects to
     * it). It is what the capturer opens, so a permalink of another form or another post is not taken as given.
     */
    static String permalink(JsonNode post, String id) {
        String permalink = Json.nonBlank(post, "permalink");
        if (permalink != null && permalink.matches("/r/[A-Za-z0-9_-]{2,24}/comments/" + id + "(/[^\\s?#]*)?")) {
            return SITE + permalink;
        }
        String subreddit = Json.nonBlank(post, "subreddit");
        if (subreddit != null && subreddit.matches("[A-Za-z0-9_-]{2,24}")) {
            return SITE + "/r/" + subreddit + "/comments/" + id + "/";
        }
        return SITE + "/comments/" + id + "/";
    }

    private static Author author(JsonNode post) {
        String name = Json.nonBlank(post, "author");
        if (name == null || name.equals("[deleted]")) {
            return null;
        }
        return new Author(Json.nonBlank(post, "author_fullname"), name, SITE + "/user/" + name);
    }

    /**
     * The self text. A link post's substance is its link, which has no other place in a post, so a link to
     * outside Reddit that is not already one of the media is added as the last line.
     */
    private static String text(JsonNode post, List<MediaRef> media) {
        String selftext = Json.nonBlank(post, "selftext");
        String link = Json.nonBlank(post, "url_overridden_by_dest");
        boolean external = link != null && !post.path("is_self").asBoolean(false) && !isRedditHost(link)
                && media.stream().noneMatch(m -> m.url().equals(link));
        if (!external) {
            return selftext;
        }
        return selftext == null ? link : selftext + "\n" + link;
    }

    private static Instant published(JsonNode post) {
        JsonNode created = Json.at(post, "created_utc");
        return created != null && created.isNumber() ? Instant.ofEpochMilli(Math.round(created.asDouble() * 1000)) : null;
    }

    private static boolean isRedditHost(String url) {
        try {
            String host = URI.create(url).getHost();
            host = host == null ? "" : host.toLowerCase(Locale.ROOT);
            return host.equals("redd.it") || host.endsWith(".redd.it") || host.equals("reddit.com") || host.endsWith(".reddit.com");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
