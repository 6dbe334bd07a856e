package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.GeoPoint;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RssAdapterTest {
    private final FeedReplayServer server = FeedReplayServer.start();
    private final RssAdapter adapter = new RssAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceBatch poll(String feed, SourceCursor cursor) throws Exception {
        server.serve("/feed.xml", TestFeeds.bytes(feed), "application/rss+xml; charset=utf-8");
        return adapter.poll(new SourceSpec("src", "rss", server.url("/feed.xml"), null, Map.of()), cursor);
    }

    @Test
    void readsUkrainianNewsWithEnclosuresMediaRssAndGeoRss() throws Exception {
        SourceBatch batch = poll("kharkiv-news.rss.xml", SourceCursor.empty("src"));

        String feed = server.url("/feed.xml");
        assertThat(batch.posts()).extracting(FoundPost::platformId).as("oldest first, scoped to the feed").containsExactly(
                RssIds.feedKey(feed) + ":news.example.org-48211", RssIds.feedKey(feed) + ":news.example.org-48213",
                RssIds.feedKey(feed) + ":news.example.org-48215");
        FoundPost first = batch.posts().get(0);
        assertThat(first.platform()).isEqualTo("rss");
        assertThat(first.title()).isEqualTo("Вибухи у Харкові вранці");
        assertThat(first.text()).isEqualTo("Вранці у Харкові пролунали вибухи, повідомляє міська влада. Подробиці уточнюються.");
        assertThat(first.author().name()).isEqualTo("Олена Коваль");
        assertThat(first.languageHint()).isEqualTo("uk");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-11-20T06:15:00Z"));
        assertThat(first.media()).containsExactly(new MediaRef("https://news.example.org/media/48211.jpg", "image/jpeg", null));
        assertThat(first.geo()).isEqualTo(new GeoPoint(49.9935, 36.2304));

        FoundPost russian = batch.posts().get(1);
        assertThat(russian.text()).startsWith("Администрация города");
        assertThat(russian.geo()).as("a malformed point is dropped, the post kept").isNull();

        FoundPost withMediaRss = batch.posts().get(2);
        assertThat(withMediaRss.media()).containsExactly(
                new MediaRef(server.url("/media/48215-a.jpg"), "image/jpeg", null),
                new MediaRef("https://cdn.example.org/video/48215.mp4", "video/mp4", null));
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.etag()).isNotBlank();
    }

    @Test
    void readsYoutubeChannelFeedAsYoutubeVideosWithThumbnailNotFlashPlayer() throws Exception {
        // As youtube.com serves it: only its own feed URL may give youtube: ids (the HTTP part is tested above).
        SourceBatch batch = adapter.read(TestFeeds.bytes("youtube-channel.atom.xml"), "application/atom+xml; charset=UTF-8",
                "https://www.youtube.com/feeds/videos.xml?channel_id=UCx0Kc1XtOa2bk5T7pZ0aF1Q", null, null);

        assertThat(batch.posts()).hasSize(1);
        FoundPost video = batch.posts().get(0);
        assertThat(video.platform()).isEqualTo("youtube");
        assertThat(video.platformId()).isEqualTo("Qm3vT9xLp2A");
        assertThat(video.url()).isEqualTo("https://www.youtube.com/watch?v=Qm3vT9xLp2A");
        assertThat(video.title()).isEqualTo("تقرير ميداني من المدينة");
        assertThat(video.text()).isEqualTo("مراسلنا ينقل صورة الوضع في الأحياء الشرقية بعد القصف الليلي.");
        assertThat(video.author().url()).isEqualTo("https://www.youtube.com/channel/UCx0Kc1XtOa2bk5T7pZ0aF1Q");
        assertThat(video.media()).containsExactly(new MediaRef("https://i2.ytimg.com/vi/Qm3vT9xLp2A/hqdefault.jpg", "image", "thumbnail"));
    }

    @Test
    void aYoutubeVideosUrlIsItsWatchPageWhateverTheEntryLinksTo() throws Exception {
        String feed = new String(TestFeeds.bytes("youtube-channel.atom.xml"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("https://www.youtube.com/watch?v=Qm3vT9xLp2A", "https://www.youtube.com/shorts/Qm3vT9xLp2A");
        assertThat(feed).contains("/shorts/Qm3vT9xLp2A");
        SourceBatch batch = adapter.read(feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/atom+xml; charset=UTF-8",
                "https://www.youtube.com/feeds/videos.xml?channel_id=UCx0Kc1XtOa2bk5T7pZ0aF1Q", null, null);
        assertThat(batch.posts()).singleElement()
                .satisfies(video -> assertThat(video.url()).isEqualTo("https://www.youtube.com/watch?v=Qm3vT9xLp2A"));
    }

    @Test
    void unchangedFeedIsNotModifiedThroughConditionalGet() throws Exception {
        SourceBatch first = poll("kharkiv-news.rss.xml", SourceCursor.empty("src"));
        SourceCursor cursor = SourceCursor.empty("src").advance(first.etag(), first.lastModified(), null,
                new LinkedHashMap<>(), 10, Instant.now());
        SourceBatch second = poll("kharkiv-news.rss.xml", cursor);
        assertThat(second.notModified()).isTrue();
        assertThat(second.posts()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxe.rss.xml", "billion-laughs.rss.xml"})
    void feedsWithADoctypeAreRefusedBeforeAnyEntityIsExpanded(String feed) {
        assertThatThrownBy(() -> poll(feed, SourceCursor.empty("src")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("not a readable RSS/Atom feed")
                .hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).contains("<!DOCTYPE"))
                .hasMessageNotContaining("root:");
    }

    @Test
    void truncatedFeedIsUnreadableWithAnExcerpt() {
        assertThatThrownBy(() -> poll("truncated.rss.xml", SourceCursor.empty("src")))
                .isInstanceOf(UnreadablePayloadException.class)
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).contains("Обрізаний"));
    }

    @Test
    void htmlErrorPageInsteadOfAFeedIsUnreadable() {
        server.serve("/feed.xml", "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");
        assertThatThrownBy(() -> adapter.poll(new SourceSpec("src", "rss", server.url("/feed.xml"), null, Map.of()),
                SourceCursor.empty("src"))).isInstanceOf(UnreadablePayloadException.class);
    }
}
