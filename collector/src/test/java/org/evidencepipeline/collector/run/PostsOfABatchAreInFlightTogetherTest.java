package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A poll hands all its posts to the broker before waiting for the first acknowledgement (one awaited round trip
 * per post was the collector's bottleneck), yet a post is remembered in the cursor only once the broker has it.
 */
class PostsOfABatchAreInFlightTogetherTest {
    private final FeedReplayServer feed = FeedReplayServer.start();
    /** The feed's posts in the order the RSS adapter hands them over: oldest first. */
    private final List<String> FEED_POSTS = List.of(id("news.example.org-48211"), id("news.example.org-48213"),
            id("news.example.org-48215"));

    private String id(String guid) {
        return "rss:" + RssIds.platformId(feed.url("/feed.xml"), guid);
    }
    private final ExecutorService poller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        poller.shutdownNow();
        feed.close();
    }

    @Test
    void everyPostIsHandedOverBeforeAnyIsAcknowledged(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(1, List.of(Topics.COLLECTOR_CURSORS));
            WatchedSource source = source();
            HeldSink sink = new HeldSink();
            try (CursorStore cursors = cursors(kafka)) {
                Future<SourceRunner.Outcome> poll = poller.submit(() -> runner(cursors, sink).run(source));

                await().atMost(Duration.ofSeconds(20)).until(() -> sink.sent.size() == 3);
                assertThat(poll).as("the poll waits for the acknowledgements").isNotDone();
                sink.sent.forEach(s -> s.acked().complete(null));

                assertThat(poll.get(20, TimeUnit.SECONDS).published()).isEqualTo(3);
                assertThat(sink.sent).extracting(s -> s.post().postId()).containsExactlyElementsOf(FEED_POSTS);
                assertThat(cursors.get("kharkiv-news").seen()).containsOnlyKeys(FEED_POSTS);
            }
        }
    }

    @Test
    void aPostTheBrokerDidNotTakeIsNotRememberedButTheOthersAre(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(1, List.of(Topics.COLLECTOR_CURSORS, Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR));
            WatchedSource source = source();
            HeldSink sink = new HeldSink();
            String refused;
            try (CursorStore cursors = cursors(kafka)) {
                Future<SourceRunner.Outcome> poll = poller.submit(() -> runner(cursors, sink).run(source));
                await().atMost(Duration.ofSeconds(20)).until(() -> sink.sent.size() == 3);
                // The broker takes the first and the last post and times out on the middle one.
                sink.sent.get(0).acked().complete(null);
                sink.sent.get(1).acked().completeExceptionally(new org.apache.kafka.common.errors.TimeoutException("broker away"));
                sink.sent.get(2).acked().complete(null);
                refused = sink.sent.get(1).post().postId();

                assertThatThrownBy(() -> poll.get(20, TimeUnit.SECONDS)).hasRootCauseMessage("broker away");
                SourceCursor cursor = cursors.get("kharkiv-news");
                assertThat(cursor.seen().keySet()).containsExactlyInAnyOrderElementsOf(
                        FEED_POSTS.stream().filter(id -> !id.equals(refused)).toList());
                assertThat(cursor.etag()).as("validators move only with a whole batch").isNull();
            }

            // Next life, with a broker that answers: only the refused post is published.
            try (CursorStore cursors = cursors(kafka); KafkaPostSink real = new KafkaPostSink(kafka.bootstrapServers())) {
                SourceRunner.Outcome second = runner(cursors, real).run(source);
                assertThat(second.published()).isEqualTo(1);
                assertThat(second.unchanged()).isEqualTo(2);
            }
            assertThat(new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED))
                    .extracting(TopicProbe.Read::key).containsExactly(refused);
        }
    }

    private WatchedSource source() throws Exception {
        // Served with an ETag, so the test can see whether the validators were saved.
        feed.serve("/feed.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
        return new WatchedSource(new SourceSpec("kharkiv-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                List.of(new Collection("kharkiv-watch", null, null, List.of(), List.of())));
    }

    private static CursorStore cursors(EmbeddedKafka kafka) {
        CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
        cursors.load();
        return cursors;
    }

    private SourceRunner runner(CursorStore cursors, PostSink sink) {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        return new SourceRunner(Map.of("rss", new RssAdapter(fetcher)), cursors, sink,
                new SourceStatusBoard(new SimpleMeterRegistry(), clock), new ToolInfo("collector", "test", "x"), 100, clock);
    }

    /** A broker whose acknowledgements of posts the test gives, one by one (page requests it takes at once). */
    private static final class HeldSink implements PostSink {
        record Sent(PostCollected post, CompletableFuture<Void> acked) {
        }

        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(PostCollected post) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            sent.add(new Sent(post, acked));
            return acked;
        }

        @Override
        public CompletionStage<Void> requestPage(org.evidencepipeline.contracts.PageCaptureRequested request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> requestVideo(org.evidencepipeline.contracts.VideoCaptureRequested request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> ledger(org.evidencepipeline.contracts.LedgerEntry entry) {
            throw new AssertionError("no ledger entry expected: this runner keeps no fetches");
        }

        @Override
        public void deadLetter(CollectorDeadLetter letter) {
            throw new AssertionError("no dead letter expected: " + letter.reason());
        }

        @Override
        public void deleted(PostDeleted deletion) {
            throw new AssertionError("no deletion expected");
        }
    }
}
