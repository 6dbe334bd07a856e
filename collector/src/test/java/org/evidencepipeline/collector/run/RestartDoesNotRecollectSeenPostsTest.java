package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.EventCodec;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cursor lives on the real broker, so a collector that starts again (new process state: cursor store
 * reloaded from Kafka, new runner) publishes only what it has not published before: nothing missed,
 * nothing repeated, edits published as new versions.
 */
class RestartDoesNotRecollectSeenPostsTest {
    private final FeedReplayServer feed = FeedReplayServer.start();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void restartResumesFromTheDurableCursor(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR));
            String original = new String(TestFeeds.bytes("kharkiv-news.rss.xml"), StandardCharsets.UTF_8);
            feed.serve("/feed.xml", original, "application/rss+xml");
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("kharkiv-watch", null, null, List.of(), List.of())));

            // First life: collects the three posts, then "crashes" (everything in memory is dropped).
            assertThat(lifetime(kafka, source).published()).isEqualTo(3);

            // The feed gains a post and edits another while the collector is down.
            String changed = original
                    .replace("після нічної атаки.", "після нічної атаки. Оновлено о 10:00.")
                    .replace("  </channel>", """
                              <item>
                                <title>Нова публікація</title>
                                <link>https://news.example.org/2026/11/20/new</link>
                                <guid isPermaLink="false">news.example.org-48220</guid>
                                <pubDate>Fri, 20 Nov 2026 11:00:00 +0000</pubDate>
                                <description>Після перезапуску.</description>
                              </item>
                              </channel>""");
            feed.serve("/feed.xml", changed, "application/rss+xml");

            // Second life: only the new post and the edit are published.
            SourceRunner.Outcome second = lifetime(kafka, source);
            assertThat(second.published()).isEqualTo(2);
            assertThat(second.unchanged()).isEqualTo(2);

            // Third life, nothing changed: nothing published.
            assertThat(lifetime(kafka, source).published()).isZero();

            List<PostCollected> all = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                    .map(r -> codec.read(r.value(), PostCollected.class)).toList();
            assertThat(all).extracting(p -> p.postId() + "#" + p.version()).containsExactlyInAnyOrder(
                    id("news.example.org-48211") + "#1", id("news.example.org-48213") + "#1", id("news.example.org-48215") + "#1",
                    id("news.example.org-48215") + "#2", id("news.example.org-48220") + "#1");
            assertThat(all).allSatisfy(p -> assertThat(p.collectionIds()).containsExactly("kharkiv-watch"));
        }
    }

    @Test
    void aCollectorThatDiesMidBatchPublishesTheRestOnceAfterRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR));
            feed.serve("/feed.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("kharkiv-watch", null, null, List.of(), List.of())));

            // First life: the broker stops answering after the first post of the batch.
            assertThatThrownBy(() -> lifetime(kafka, source, 1)).hasMessageContaining("broker gone");

            // Second life: the feed is unchanged (a conditional GET would say 304), yet the rest arrives, once.
            SourceRunner.Outcome second = lifetime(kafka, source);
            assertThat(second.notModified()).as("validators were not saved for a half-published batch").isFalse();
            assertThat(second.published()).isEqualTo(2);
            assertThat(second.unchanged()).isEqualTo(1);

            List<String> ids = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                    .map(TopicProbe.Read::key).toList();
            assertThat(ids).containsExactlyInAnyOrder(id("news.example.org-48211"), id("news.example.org-48213"), id("news.example.org-48215"));
        }
    }

    private String id(String guid) {
        return "rss:" + RssIds.platformId(feed.url("/feed.xml"), guid);
    }

    private SourceRunner.Outcome lifetime(EmbeddedKafka kafka, WatchedSource source) throws InterruptedException {
        return lifetime(kafka, source, Integer.MAX_VALUE);
    }

    /** One collector lifetime whose broker connection fails after {@code publishable} posts. */
    private SourceRunner.Outcome lifetime(EmbeddedKafka kafka, WatchedSource source, int publishable) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            int[] left = {publishable};
            PostSink failing = new PostSink() {
                @Override
                public java.util.concurrent.CompletionStage<Void> publish(PostCollected post) {
                    if (left[0]-- <= 0) {
                        return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
                    }
                    return sink.publish(post);
                }

                @Override

                public java.util.concurrent.CompletionStage<Void> requestPage(org.evidencepipeline.contracts.PageCaptureRequested request) {

                    return sink.requestPage(request);

                }

                @Override
                public java.util.concurrent.CompletionStage<Void> requestVideo(org.evidencepipeline.contracts.VideoCaptureRequested request) {
                    return sink.requestVideo(request);
                }

                @Override
                public java.util.concurrent.CompletionStage<Void> ledger(org.evidencepipeline.contracts.LedgerEntry entry) {
                    return sink.ledger(entry);
                }


                @Override
                public void deadLetter(org.evidencepipeline.contracts.CollectorDeadLetter letter) {
                    sink.deadLetter(letter);
                }

                @Override
                public void deleted(org.evidencepipeline.contracts.PostDeleted deletion) {
                    sink.deleted(deletion);
                }
            };
            SourceRunner runner = new SourceRunner(Map.of("rss", new RssAdapter(fetcher)), cursors, failing,
                    new SourceStatusBoard(new SimpleMeterRegistry(), clock), new ToolInfo("collector", "test", "x"), 100, clock);
            return runner.run(source);
        }
    }
}
