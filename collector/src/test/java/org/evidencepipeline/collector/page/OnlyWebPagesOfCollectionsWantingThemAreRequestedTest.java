package org.evidencepipeline.collector.page;

import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.PageCapture;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A page is requested only for an absolute http(s) URL, for the collections with pages on, at the lowest of their rates. */
class OnlyWebPagesOfCollectionsWantingThemAreRequestedTest {
    private static final ToolInfo TOOL = new ToolInfo("collector", "test", "x");
    private static final Instant NOW = Instant.parse("2026-11-20T06:16:03Z");
    private final PageRequests pages = new PageRequests(TOOL, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Collection slow = new Collection("slow", null, null, List.of(), List.of(), new PageCapture(true, 2));
    private final Collection fast = new Collection("fast", null, null, List.of(), List.of(), new PageCapture(true, 30));
    private final Collection off = new Collection("off", null, null, List.of(), List.of(), new PageCapture(false, 1));

    @Test
    void theRequestNamesTheCollectionsWantingPagesAndTheirLowestRate() {
        Optional<PageCaptureRequested> request = pages.forPost(post("https://t.me/kharkiv_live_ua/4810", 3), List.of(fast, off, slow));
        assertThat(request).hasValueSatisfying(r -> {
            assertThat(r.pageUrl()).isEqualTo("https://t.me/kharkiv_live_ua/4810");
            assertThat(r.postId()).isEqualTo("telegram:kharkiv_live_ua/4810");
            assertThat(r.postVersion()).isEqualTo(3);
            assertThat(r.platform()).isEqualTo("telegram");
            assertThat(r.collectionIds()).containsExactly("fast", "slow");
            assertThat(r.hostPagesPerMinute()).isEqualTo(2);
            assertThat(r.requestedAt()).isEqualTo(NOW);
            assertThat(r.requester()).isEqualTo(TOOL);
        });
    }

    @Test
    void noCollectionWantingPagesNoRequest() {
        assertThat(pages.forPost(post("https://t.me/kharkiv_live_ua/4810", 1), List.of(off))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "/kharkiv_live_ua/4810", "at://did:plc:abc/app.bsky.feed.post/3mq", "mailto:a@example.org",
            "ftp://files.example.org/x", "javascript:alert(1)", "https:///no-host", "http://bad host/x"})
    void aUrlThatIsNoWebPageIsNotRequested(String url) {
        assertThat(pages.forPost(post(url, 1), List.of(slow))).isEmpty();
    }

    @Test
    void aPostWithoutUrlIsNotRequested() {
        assertThat(pages.forPost(post(null, 1), List.of(slow))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://news.example.org/1", "HTTPS://www.reddit.com/r/ukraine/comments/1gz4k3c/",
            "https://www.reddit.com/r/ukraine/comments/1gz4k3c/що_відомо/"})
    void anHttpOrHttpsPageIsRequested(String url) {
        assertThat(pages.forPost(post(url, 1), List.of(slow))).isPresent();
    }

    private static PostCollected post(String url, int version) {
        return new PostCollected(1, "telegram:kharkiv_live_ua/4810", "telegram", "kharkiv_live_ua/4810", version, "tg",
                List.of("fast", "slow"), url, null, null, "текст", null, NOW, NOW, List.of(), null,
                "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", TOOL);
    }
}
