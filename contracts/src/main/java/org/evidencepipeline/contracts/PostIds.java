package org.evidencepipeline.contracts;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The one definition of a feed-scoped RSS post id, {@code rss:<feed-key>:<guid>}. It lives in contracts because the
 * collector mints these ids and the tests and tools that read the archive (reliability suite, bench) must compute
 * the same ones without depending on the collector application.
 * <p>
 * The feed key is the first 12 hex digits of the SHA-256 of the normalised feed URL: host in lower case without a
 * trailing dot, the port only when not 80/443, the path ("/" when empty) and the raw query; scheme, user info and
 * fragment are left out, so moving a feed from http to https keeps its ids. 48 bits: a collision needs millions of
 * feeds in one deployment.
 */
public final class PostIds {
    /** The platform name of feed entries. */
    public static final String RSS = "rss";

    private PostIds() {
    }

    /** The stable, short key of a feed URL (see the class comment for the normalisation). */
    public static String feedKey(String feedUrl) {
        return Hashes.sha256Hex(normalisedFeedUrl(feedUrl)).substring(0, 12);
    }

    /** The platform id (without the {@code rss:} platform) of the entry with this guid in the feed at {@code feedUrl}. */
    public static String rssPlatformId(String feedUrl, String guid) {
        return feedKey(feedUrl) + ":" + guid;
    }

    /** The full post id, {@code rss:<feed-key>:<guid>}, of the entry with this guid in the feed at {@code feedUrl}. */
    public static PostId rss(String feedUrl, String guid) {
        return new PostId(RSS, rssPlatformId(feedUrl, guid));
    }

    /** The prefix, {@code rss:<feed-key>:}, shared by every post id of the feed at {@code feedUrl}. */
    public static String rssPrefix(String feedUrl) {
        return RSS + ":" + feedKey(feedUrl) + ":";
    }

    /**
     * The feed's own guid inside an RSS post id ({@code rss:<feed-key>:<guid>} gives {@code <guid>}); empty for any
     * other id. Lets a reader select posts by guid without knowing which feed carried them.
     */
    public static Optional<String> rssGuid(String postId) {
        String prefix = RSS + ":";
        if (postId == null || !postId.startsWith(prefix) || postId.length() < prefix.length() + 13
                || postId.charAt(prefix.length() + 12) != ':') {
            return Optional.empty();
        }
        return Optional.of(postId.substring(prefix.length() + 13));
    }

    static String normalisedFeedUrl(String feedUrl) {
        String trimmed = feedUrl == null ? "" : feedUrl.trim();
        try {
            URI u = URI.create(trimmed).normalize();
            if (u.getHost() == null) {
                return trimmed;
            }
            String host = u.getHost().toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            int port = u.getPort();
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return host + (port == -1 || port == 80 || port == 443 ? "" : ":" + port) + path
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException e) {
            return trimmed;
        }
    }
}
