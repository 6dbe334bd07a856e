package org.evidencepipeline.enricher.feeds;

import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FeedRouterTest {
    static PostEnriched post(List<String> collections, String language) {
        PostCollected c = new PostCollected(1, "rss:1", "rss", "1", 1, "s", collections, null, null, null, "text", null, null,
                Instant.EPOCH, List.of(), null, "0".repeat(64), new ToolInfo("c", "v", "h"));
        return new PostEnriched(1, c, new LanguageTag(language, language.equals("und") ? 0 : 0.9, null, null, "t"),
                List.of(), List.of(), List.of(), Map.of(), "0".repeat(64), "0000000000000000", Instant.EPOCH, new ToolInfo("e", "v", "h"));
    }

    private final FeedRouter router = new FeedRouter(true, Map.of("kharkiv", List.of("uk", "ru")));

    @Test
    void everyCollectionGetsItsFeedAndFilteredCollectionsTheirLanguageFeed() {
        assertThat(router.topics(post(List.of("kharkiv", "all-news"), "uk")))
                .containsExactly("feeds.kharkiv.v1", "feeds.kharkiv.uk.v1", "feeds.all-news.v1");
    }

    @Test
    void aLanguageOutsideTheFilterOrUndGoesOnlyToTheCollectionFeed() {
        assertThat(router.topics(post(List.of("kharkiv"), "ar"))).containsExactly("feeds.kharkiv.v1");
        assertThat(router.topics(post(List.of("kharkiv"), "und"))).containsExactly("feeds.kharkiv.v1");
    }

    @Test
    void disabledRoutingSendsNowhere() {
        assertThat(new FeedRouter(false, Map.of()).topics(post(List.of("kharkiv"), "uk"))).isEmpty();
    }
}
