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
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageCaptureRequested;
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
 * Page requests ride beside their posts (all handed over before any is acknowledged), and a post is remembered in the
 * cursor only once its page request is acknowledged too: a request the broker did not take is sent again, with its
 * post, by the next poll (at-least-once; the capturer is idempotent by capture id).
 */
class PageRequestsAreAcknowledgedBeforeTheCursorMovesTest {
    private final FeedReplayServer feed = FeedReplayServer.start();
    private final ExecutorService poller = Executors.newSingleThreadExecutor();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void stop() {
        poller.shutdownNow();
        feed.close();
    }

    @Test
    void aPostWhosePageRequestTheBrokerDidNotTakeIsPublishedAgainWithIt(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(1, List.of(Topics.COLLECTOR_CURSORS, Topics.POSTS_COLLECTED, Topics.PAGES_REQUESTED,
                    Topics.DEAD_LETTER_COLLECTOR));
            feed.serve("/feed.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("all-news", null, null, List.of(), List.of())));
            String lost;
            try (CursorStore cursors = cursors(kafka); KafkaPostSink real = new KafkaPostSink(kafka.bootstrapServers())) {
                HeldPages sink = new HeldPages(real);
                Future<SourceRunner.Outcome> poll = poller.submit(() -> runner(cursors, sink).run(source));

                // Every post and its page request are handed over without waiting for any acknowledgement.
                await().atMost(Duration.ofSeconds(20)).until(() -> sink.held.size() == 3);
                assertThat(sink.posts).hasSize(3);
                await().atMost(Duration.ofSeconds(20)).until(() -> sink.posts.stream().allMatch(CompletableFuture::isDone));
                Thread.sleep(200);
                assertThat(poll).as("the posts are acknowledged, their page requests not yet: the poll waits").isNotDone();
                assertThat(cursors.get("kharkiv-news").seen()).as("nothing remembered before the page requests").isEmpty();

                // The broker takes the first and last page request and times out on the middle one.
                sink.release(0);
                sink.held.get(1).acked().completeExceptionally(new org.apache.kafka.common.errors.TimeoutException("broker away"));
                sink.release(2);
                lost = sink.held.get(1).request().postId();

                assertThatThrownBy(() -> poll.get(20, TimeUnit.SECONDS)).hasRootCauseMessage("broker away");
                SourceCursor cursor = cursors.get("kharkiv-news");
                assertThat(cursor.seen()).hasSize(2).doesNotContainKey(lost);
                assertThat(cursor.etag()).as("validators move only with a whole batch").isNull();
            }

            // Next life, the broker answers: the post whose page request was lost is published again, with its request.
            try (CursorStore cursors = cursors(kafka); KafkaPostSink real = new KafkaPostSink(kafka.bootstrapServers())) {
                SourceRunner.Outcome second = runner(cursors, real).run(source);
                assertThat(second.published()).isEqualTo(1);
                assertThat(second.pagesRequested()).isEqualTo(1);
                assertThat(second.unchanged()).isEqualTo(2);
            }
            List<PageCaptureRequested> requests = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.PAGES_REQUESTED).stream()
                    .map(r -> codec.read(r.value(), PageCaptureRequested.class)).toList();
            assertThat(requests).hasSize(3).extracting(PageCaptureRequested::postId).doesNotHaveDuplicates().contains(lost);
            List<PostCollected> posts = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                    .map(r -> codec.read(r.value(), PostCollected.class)).filter(p -> p.postId().equals(lost)).toList();
            assertThat(posts).as("at-least-once: the same version again, which downstream writes absorb")
                    .hasSize(2).allSatisfy(p -> assertThat(p.version()).isEqualTo(1));
        }
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

    /** The real broker for posts; page requests held until the test releases each to the broker (or fails it). */
    private static final class HeldPages implements PostSink {
        record Held(PageCaptureRequested request, CompletableFuture<Void> acked) {
        }

        final KafkaPostSink real;
        final List<CompletableFuture<Void>> posts = new CopyOnWriteArrayList<>();
        final List<Held> held = new CopyOnWriteArrayList<>();

        HeldPages(KafkaPostSink real) {
            this.real = real;
        }

        void release(int i) {
            Held h = held.get(i);
            real.requestPage(h.request()).whenComplete((ok, e) -> {
                if (e == null) {
                    h.acked().complete(null);
                } else {
                    h.acked().completeExceptionally(e);
                }
            });
        }

        @Override
        public CompletionStage<Void> publish(PostCollected post) {
            CompletableFuture<Void> acked = real.publish(post).toCompletableFuture();
            posts.add(acked);
            return acked;
        }

        @Override
        public CompletionStage<Void> requestPage(PageCaptureRequested request) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            held.add(new Held(request, acked));
            return acked;
        }

        @Override
        public CompletionStage<Void> requestVideo(org.evidencepipeline.contracts.VideoCaptureRequested request) {
            return real.requestVideo(request); // this feed names no video stream
        }

        @Override
        public CompletionStage<Void> ledger(org.evidencepipeline.contracts.LedgerEntry entry) {
            return real.ledger(entry);
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
