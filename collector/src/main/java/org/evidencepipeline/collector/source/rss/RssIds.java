package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.contracts.Hashes;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Post ids for feed entries. A feed's {@code <guid>} (or Atom {@code <id>}, or link) is only unique within that
 * feed: two feeds may both number their items 1, 2, 3. So an RSS post id is {@code rss:<feed-key>:<guid>}, where
 * the feed key is the first 12 hex digits of the SHA-256 of the normalised feed URL: host in lower case without a
 * trailing dot, the port only when not 80/443, the path ("/" when empty) and the raw query; scheme, user info and
 * fragment are left out, so moving a feed from http to https keeps its ids. 48 bits: a collision needs millions
 * of feeds in one deployment.
 * <p>
 * A YouTube video id is global, but only youtube.com can say which video an entry is: any feed may write
 * {@code <yt:videoId>}. So an entry becomes {@code youtube:<videoId>} only when the feed URL is YouTube's own feed
 * ({@code https://www.youtube.com/feeds/videos.xml?...}); anywhere else the video id is ignored for identity and
 * the entry is an ordinary RSS post.
 */
public final class RssIds {
    private static final Set<String> YOUTUBE_HOSTS = Set.of("www.youtube.com", "youtube.com");

    private RssIds() {
    }

    /** The stable, short key of a feed URL (see the class comment for the normalisation). */
    public static String feedKey(String feedUrl) {
        return Hashes.sha256Hex(normalised(feedUrl)).substring(0, 12);
    }

    /** The platform id of an entry with this guid in the feed at {@code feedUrl}. */
    public static String platformId(String feedUrl, String guid) {
        return feedKey(feedUrl) + ":" + guid;
    }

    /** Whether {@code platformId} was scoped to the feed at {@code feedUrl}. */
    public static boolean isScopedTo(String feedUrl, String platformId) {
        return platformId != null && platformId.startsWith(feedKey(feedUrl) + ":");
    }

    /** Whether the feed is youtube.com's own channel or playlist feed, the only one whose video ids are trusted. */
    public static boolean isYoutubeFeed(String feedUrl) {
        try {
            URI u = URI.create(feedUrl.trim());
            return "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null
                    && YOUTUBE_HOSTS.contains(u.getHost().toLowerCase(Locale.ROOT))
                    && (u.getPort() == -1 || u.getPort() == 443)
                    && "/feeds/videos.xml".equals(u.getPath()) && u.getRawUserInfo() == null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    static String normalised(String feedUrl) {
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
