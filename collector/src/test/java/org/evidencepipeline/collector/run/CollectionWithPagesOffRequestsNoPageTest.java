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

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capture.pages: false} switches page requests off for that collection only: its posts are still published, and
 * a post also caught by a collection with pages on is requested for that collection alone.
 */
class CollectionWithPagesOffRequestsNoPageTest {
    private final FeedReplayServer feed = FeedReplayServer.start();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void postsOfACollectionWithPagesOffArePublishedWithoutAPageRequest(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(1, List.of(Topics.POSTS_COLLECTED, Topics.PAGES_REQUESTED, Topics.DEAD_LETTER_COLLECTOR));
            feed.serve("/quiet.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
            feed.serve("/mixed.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
            Collection quiet = new Collection("quiet", null, null, List.of(), List.of(), new PageCapture(false, 6));
            Collection kharkiv = new Collection("kharkiv-watch", null, null, List.of(), List.of("Харкові"), new PageCapture(true, 3));

            SourceRunner.Outcome off = poll(kafka, new WatchedSource(
                    new SourceSpec("quiet-news", "rss", feed.url("/quiet.xml"), null, Map.of()), List.of(quiet)));
            assertThat(off.published()).isEqualTo(3);
            assertThat(off.pagesRequested()).isZero();
            assertThat(new TopicProbe(kafka.bootstrapServers()).readAll(Topics.PAGES_REQUESTED)).isEmpty();

            SourceRunner.Outcome mixed = poll(kafka, new WatchedSource(
                    new SourceSpec("mixed-news", "rss", feed.url("/mixed.xml"), null, Map.of()), List.of(quiet, kharkiv)));
            assertThat(mixed.published()).isEqualTo(3);
            assertThat(mixed.pagesRequested()).isEqualTo(1);
            List<PageCaptureRequested> requests = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.PAGES_REQUESTED).stream()
                    .map(r -> codec.read(r.value(), PageCaptureRequested.class)).toList();
            String explosions = "rss:" + RssIds.platformId(feed.url("/mixed.xml"), "news.example.org-48211");
            assertThat(requests).singleElement().satisfies(r -> {
                assertThat(r.postId()).isEqualTo(explosions);
                assertThat(r.collectionIds()).as("only the collection that wants pages").containsExactly("kharkiv-watch");
                assertThat(r.hostPagesPerMinute()).isEqualTo(3);
            });
            // The post itself still names both collections: page capture narrows only the page request.
            List<PostCollected> posts = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                    .map(r -> codec.read(r.value(), PostCollected.class)).filter(p -> p.postId().equals(explosions)).toList();
            assertThat(posts).singleElement().satisfies(p -> assertThat(p.collectionIds()).containsExactly("quiet", "kharkiv-watch"));
        }
    }

    private SourceRunner.Outcome poll(EmbeddedKafka kafka, WatchedSource source) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            return new SourceRunner(Map.of("rss", new RssAdapter(fetcher)), cursors, sink,
                    new SourceStatusBoard(new SimpleMeterRegistry(), clock), new ToolInfo("collector", "test", "x"), 100, clock)
                    .run(source);
        }
    }
}
