package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.PostId;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A feed's guid is only unique within that feed, and only youtube.com may say which YouTube video an entry is. */
class FeedScopedPostIdsTest {
    private final FeedReplayServer server = FeedReplayServer.start();
    private final RssAdapter adapter = new RssAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    private static String feedWithGuidOne(String title) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>%s</title><link>https://example.org/</link>
                  <item><title>%s</title><guid isPermaLink="false">1</guid>
                    <pubDate>Mon, 30 Nov 2026 05:10:00 +0000</pubDate><description>%s</description></item>
                </channel></rss>
                """.formatted(title, title, title);
    }

    private SourceBatch poll(String path) throws Exception {
        return adapter.poll(new SourceSpec("s" + path.hashCode(), "rss", server.url(path), null, Map.of()), SourceCursor.empty("s"));
    }

    private static String postId(FoundPost p) {
        return new PostId(p.platform(), p.platformId()).toString();
    }

    @Test
    void twoFeedsUsingTheSameGuidGiveTwoPosts() throws Exception {
        server.serve("/odesa.xml", feedWithGuidOne("Одеса: новини"), "application/rss+xml");
        server.serve("/kyiv.xml", feedWithGuidOne("Київ: новини"), "application/rss+xml");

        FoundPost odesa = poll("/odesa.xml").posts().get(0);
        FoundPost kyiv = poll("/kyiv.xml").posts().get(0);

        assertThat(postId(odesa)).isEqualTo("rss:" + RssIds.feedKey(server.url("/odesa.xml")) + ":1");
        assertThat(postId(kyiv)).isEqualTo("rss:" + RssIds.feedKey(server.url("/kyiv.xml")) + ":1");
        assertThat(postId(odesa)).isNotEqualTo(postId(kyiv));
    }

    @Test
    void aFeedNotOnYoutubeComCannotClaimAYoutubeIdWithYtVideoId() throws Exception {
        // The YouTube feed's exact bytes, served by someone else: the <yt:videoId> is a claim, not an identity.
        server.serve("/feeds/videos.xml?channel_id=UCx0Kc1XtOa2bk5T7pZ0aF1Q", TestFeeds.bytes("youtube-channel.atom.xml"),
                "application/atom+xml");

        SourceBatch batch = poll("/feeds/videos.xml?channel_id=UCx0Kc1XtOa2bk5T7pZ0aF1Q");

        assertThat(batch.posts()).hasSize(1);
        FoundPost post = batch.posts().get(0);
        assertThat(post.platform()).isEqualTo("rss");
        assertThat(post.platformId()).isEqualTo(
                RssIds.feedKey(server.url("/feeds/videos.xml?channel_id=UCx0Kc1XtOa2bk5T7pZ0aF1Q")) + ":yt:video:Qm3vT9xLp2A");
        assertThat(post.url()).as("the link is still kept").isEqualTo("https://www.youtube.com/watch?v=Qm3vT9xLp2A");
    }

    @Test
    void onlyYoutubeComsOwnFeedUrlIsAYoutubeFeed() {
        assertThat(RssIds.isYoutubeFeed("https://www.youtube.com/feeds/videos.xml?channel_id=UCx0")).isTrue();
        assertThat(RssIds.isYoutubeFeed("https://YouTube.com/feeds/videos.xml?playlist_id=PL1")).isTrue();
        assertThat(RssIds.isYoutubeFeed("http://www.youtube.com/feeds/videos.xml?channel_id=UCx0")).as("not over https").isFalse();
        assertThat(RssIds.isYoutubeFeed("https://www.youtube.com.evil.example/feeds/videos.xml?channel_id=UCx0")).isFalse();
        assertThat(RssIds.isYoutubeFeed("https://www.youtube.com@evil.example/feeds/videos.xml")).isFalse();
        assertThat(RssIds.isYoutubeFeed("https://evil.example/feeds/videos.xml?youtube.com")).isFalse();
        assertThat(RssIds.isYoutubeFeed("https://www.youtube.com/redirect?q=https://evil.example/feed.xml")).isFalse();
    }

    @Test
    void feedKeyIgnoresSchemeHostCaseDefaultPortAndFragmentButNotPathOrQuery() {
        String key = RssIds.feedKey("https://News.Example.org/rss/all.xml?lang=ru");
        assertThat(key).hasSize(12).matches("[0-9a-f]{12}");
        assertThat(RssIds.feedKey("http://news.example.org:80/rss/all.xml?lang=ru#top")).isEqualTo(key);
        assertThat(RssIds.feedKey(" https://news.example.org.:443/rss/./all.xml?lang=ru ")).isEqualTo(key);
        assertThat(RssIds.feedKey("https://news.example.org/rss/all.xml?lang=uk")).isNotEqualTo(key);
        assertThat(RssIds.feedKey("https://news.example.org/rss/other.xml?lang=ru")).isNotEqualTo(key);
        assertThat(RssIds.feedKey("https://news.example.org:8443/rss/all.xml?lang=ru")).isNotEqualTo(key);
    }
}
