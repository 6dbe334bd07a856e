package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.PageCapture;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every new post version the collector publishes (first sighting, edit) asks for its page on pages.requested.v1, keyed
 * by post id, with the post's own URL and version, the collections that want pages and the politest of their rates;
 * an unchanged post seen again asks for nothing. On the real broker, across collector lifetimes.
 */
class NewPostsRequestTheirPageTest {
    private static final ToolInfo TOOL = new ToolInfo("collector", "test", "x");
    private final FeedReplayServer feed = FeedReplayServer.start();
    private final EventCodec codec = new EventCodec();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void aNewPostRequestsItsPageARepollNothingAndAnEditItsNewVersion(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.PAGES_REQUESTED, Topics.DEAD_LETTER_COLLECTOR));
            String original = new String(TestFeeds.bytes("kharkiv-news.rss.xml"), StandardCharsets.UTF_8);
            feed.serve("/feed.xml", original, "application/rss+xml");
            // kharkiv-watch catches only the post about Kharkiv and is the politer; all-news catches all three.
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("kharkiv-watch", null, null, List.of(), List.of("Харкові"), new PageCapture(true, 4)),
                            new Collection("all-news", null, null, List.of(), List.of())));

            SourceRunner.Outcome first = lifetime(kafka, source);
            assertThat(first.published()).isEqualTo(3);
            assertThat(first.pagesRequested()).isEqualTo(3);
            List<PageCaptureRequested> requests = requests(kafka);
            assertThat(requests).hasSize(3);
            PageCaptureRequested explosions = only(requests, id("news.example.org-48211"));
            assertThat(explosions.pageUrl()).isEqualTo("https://news.example.org/2026/11/20/explosions");
            assertThat(explosions.postVersion()).isEqualTo(1);
            assertThat(explosions.platform()).isEqualTo("rss");
            assertThat(explosions.collectionIds()).containsExactly("kharkiv-watch", "all-news");
            assertThat(explosions.hostPagesPerMinute()).as("the lowest rate of the collections wanting the page").isEqualTo(4);
            assertThat(explosions.requester()).isEqualTo(TOOL);
            PageCaptureRequested power = only(requests, id("news.example.org-48215"));
            assertThat(power.pageUrl()).isEqualTo("https://news.example.org/2026/11/20/power");
            assertThat(power.collectionIds()).containsExactly("all-news");
            assertThat(power.hostPagesPerMinute()).isEqualTo(PageCapture.DEFAULT_HOST_PAGES_PER_MINUTE);
            // Each request names the post version the collector published, with the same URL.
            Map<String, PostCollected> posts = posts(kafka);
            assertThat(requests).allSatisfy(r -> {
                assertThat(posts.get(r.postId() + "#" + r.postVersion())).isNotNull();
                assertThat(r.pageUrl()).isEqualTo(posts.get(r.postId() + "#" + r.postVersion()).url());
            });

            // Polled again, the same posts (a new body, so no 304 hides them): nothing is new, no page is asked for again.
            feed.serve("/feed.xml", original.replace("  </channel>", "  <!-- served again -->\n  </channel>"), "application/rss+xml");
            SourceRunner.Outcome again = lifetime(kafka, source);
            assertThat(again.notModified()).isFalse();
            assertThat(again.unchanged()).isEqualTo(3);
            assertThat(again.pagesRequested()).isZero();
            assertThat(requests(kafka)).hasSize(3);

            // An edit is a new version: its page is asked for as v2, the others not again.
            feed.serve("/feed.xml", original.replace("після нічної атаки.", "після нічної атаки. Оновлено о 10:00."),
                    "application/rss+xml");
            SourceRunner.Outcome edited = lifetime(kafka, source);
            assertThat(edited.published()).isEqualTo(1);
            assertThat(edited.pagesRequested()).isEqualTo(1);
            List<PageCaptureRequested> after = requests(kafka);
            assertThat(after).hasSize(4);
            assertThat(after).extracting(r -> r.postId() + "#" + r.postVersion())
                    .containsOnlyOnce(id("news.example.org-48215") + "#2");
            PageCaptureRequested v2 = after.stream().filter(r -> r.postVersion() == 2).findFirst().orElseThrow();
            assertThat(v2.pageUrl()).isEqualTo("https://news.example.org/2026/11/20/power");
            assertThat(v2.captureId()).as("a new version is a new capture").isNotEqualTo(power.captureId());

            assertThat(meters.get("collector.page.requests").tag("source", "kharkiv-news").counter().count()).isEqualTo(4.0);
        }
    }

    private static PageCaptureRequested only(List<PageCaptureRequested> requests, String postId) {
        List<PageCaptureRequested> of = requests.stream().filter(r -> r.postId().equals(postId)).toList();
        assertThat(of).as("requests for " + postId).hasSize(1);
        return of.get(0);
    }

    /** Every request on the topic, checked to be keyed by its post id. */
    private List<PageCaptureRequested> requests(EmbeddedKafka kafka) {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.PAGES_REQUESTED).stream().map(r -> {
            PageCaptureRequested request = codec.read(r.value(), PageCaptureRequested.class);
            assertThat(r.key()).isEqualTo(request.postId());
            return request;
        }).toList();
    }

    private Map<String, PostCollected> posts(EmbeddedKafka kafka) {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                .map(r -> codec.read(r.value(), PostCollected.class))
                .collect(java.util.stream.Collectors.toMap(p -> p.postId() + "#" + p.version(), p -> p));
    }

    private String id(String guid) {
        return "rss:" + RssIds.platformId(feed.url("/feed.xml"), guid);
    }

    /** One collector lifetime: cursor reloaded from the broker, a new runner, one poll. */
    private SourceRunner.Outcome lifetime(EmbeddedKafka kafka, WatchedSource source) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            return new SourceRunner(Map.of("rss", new RssAdapter(fetcher)), cursors, sink,
                    new SourceStatusBoard(meters, clock), TOOL, 100, clock).run(source);
        }
    }
}
