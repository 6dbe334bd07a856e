package org.evidencepipeline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostIdsTest {

    @Test
    void feedKeyIgnoresSchemeDefaultPortCaseTrailingDotAndFragment() {
        String key = PostIds.feedKey("https://News.Example.org/rss/all.xml?lang=ru");
        assertThat(key).hasSize(12).matches("[0-9a-f]{12}");
        assertThat(PostIds.feedKey("http://news.example.org:80/rss/all.xml?lang=ru#top")).isEqualTo(key);
        assertThat(PostIds.feedKey(" https://news.example.org.:443/rss/./all.xml?lang=ru ")).isEqualTo(key);
        assertThat(PostIds.feedKey("https://news.example.org/rss/all.xml?lang=uk")).isNotEqualTo(key);
        assertThat(PostIds.feedKey("http://127.0.0.1:8081/rss/all.xml?lang=ru")).isNotEqualTo(key);
    }

    @Test
    void rssPostIdIsPlatformFeedKeyAndGuid() {
        String url = "http://127.0.0.1:40123/feed.xml";
        PostId id = PostIds.rss(url, "hostile-html");
        assertThat(id.platform()).isEqualTo("rss");
        assertThat(id.toString()).isEqualTo("rss:" + PostIds.feedKey(url) + ":hostile-html");
        assertThat(id.toString()).startsWith(PostIds.rssPrefix(url));
        assertThat(PostId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void theGuidIsReadBackFromAnRssPostIdAndNothingFromOtherIds() {
        String id = PostIds.rss("http://127.0.0.1:40123/feeds/0001.xml", "bench-7:42").toString();
        assertThat(PostIds.rssGuid(id)).contains("bench-7:42");
        assertThat(PostIds.rssGuid("rss:bench-7-42")).as("an unscoped id").isEmpty();
        assertThat(PostIds.rssGuid("mastodon:mastodon.social/109")).isEmpty();
        assertThat(PostIds.rssGuid(null)).isEmpty();
    }
}
