package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The namespace each source type may emit, with the id shapes the adapters produce (see their tests). */
class PostNamespacesTest {
    private final PostNamespaces namespaces = new PostNamespaces();

    private boolean allowed(String type, String url, String platform, String platformId) {
        return namespaces.problem(new SourceSpec("s", type, url, null, Map.of()), platform, platformId).isEmpty();
    }

    @Test
    void rssSourcesEmitOnlyIdsScopedToTheirOwnFeedAndYoutubeIdsOnlyFromYoutubeCom() {
        String feed = "https://news.example.org/rss.xml";
        assertThat(allowed("rss", feed, "rss", RssIds.platformId(feed, "news.example.org-48211"))).isTrue();
        assertThat(allowed("rss", feed, "rss", RssIds.platformId("https://other.example.org/rss.xml", "1"))).as("another feed's").isFalse();
        assertThat(allowed("rss", feed, "rss", "news.example.org-48211")).as("unscoped").isFalse();
        assertThat(allowed("rss", feed, "youtube", "Qm3vT9xLp2A")).isFalse();
        assertThat(allowed("rss", "https://www.youtube.com/feeds/videos.xml?channel_id=UCx0", "youtube", "Qm3vT9xLp2A")).isTrue();
    }

    @Test
    void mastodonIdsMustNameTheSourcesOwnInstance() {
        assertThat(allowed("mastodon", "https://mastodon.social/", "mastodon", "mastodon.social/113456789012345678")).isTrue();
        assertThat(allowed("mastodon", "https://Mastodon.Social", "mastodon", "mastodon.social/1")).isTrue();
        assertThat(allowed("mastodon", "https://evil.example/", "mastodon", "mastodon.social/113456789012345678"))
                .as("status ids are only unique per instance: an instance speaks only for itself").isFalse();
        assertThat(allowed("mastodon", "https://mastodon.social/", "mastodon", "113456789012345678")).isFalse();
    }

    @Test
    void globalIdsStayInTheirOwnPlatformsNamespace() {
        assertThat(allowed("telegram", "https://t.me", "telegram", "kharkiv_live_ua/4812")).isTrue();
        assertThat(allowed("telegram", "https://t.me", "telegram", "kharkiv_live_ua")).isFalse();
        assertThat(allowed("reddit", "https://www.reddit.com", "reddit", "t3_1abcde")).isTrue();
        assertThat(allowed("reddit", "https://www.reddit.com", "reddit", "t1_1abcde")).as("a comment, not a post").isFalse();
        assertThat(allowed("bluesky", "https://public.api.bsky.app", "bluesky",
                "at://did:plc:2w5rjb4yzn4d3qv7xkzfzjgl/app.bsky.feed.post/3mq1xyzabc2a")).isTrue();
        assertThat(allowed("bluesky-jetstream", "wss://jetstream2.us-east.bsky.network", "bluesky",
                "at://did:plc:2w5rjb4yzn4d3qv7xkzfzjgl/app.bsky.feed.post/3mq1xyzabc2a")).isTrue();
        assertThat(allowed("bluesky", "https://public.api.bsky.app", "reddit", "t3_1abcde")).isFalse();
        assertThat(allowed("telegram", "https://t.me", "rss", RssIds.platformId("https://t.me", "1"))).isFalse();
        assertThat(allowed("newtype", "https://x.example", "newtype", "anything")).isTrue();
        assertThat(allowed("newtype", "https://x.example", "rss", "anything")).isFalse();
    }
}
