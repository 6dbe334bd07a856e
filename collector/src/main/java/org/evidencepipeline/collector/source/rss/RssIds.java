package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.contracts.PostIds;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Post ids for feed entries. A feed's {@code <guid>} (or Atom {@code <id>}, or link) is only unique within that
 * feed: two feeds may both number their items 1, 2, 3. So an RSS post id is {@code rss:<feed-key>:<guid>}; the
 * feed key and its URL normalisation are defined once, in {@link PostIds} (contracts), so that the archive's
 * readers compute the same ids.
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

    /** The stable, short key of a feed URL (see {@link PostIds#feedKey}). */
    public static String feedKey(String feedUrl) {
        return PostIds.feedKey(feedUrl);
    }

    /** The platform id of an entry with this guid in the feed at {@code feedUrl}. */
    public static String platformId(String feedUrl, String guid) {
        return PostIds.rssPlatformId(feedUrl, guid);
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
}
