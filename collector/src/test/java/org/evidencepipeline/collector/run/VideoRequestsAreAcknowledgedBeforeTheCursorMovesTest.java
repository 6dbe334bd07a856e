package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.source.reddit.RedditAdapter;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
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
 * Video requests ride beside their posts and page requests (all handed over before any is acknowledged), and a post
 * is remembered in the cursor only once every one of its video requests is acknowledged too: a request the broker did
 * not take is sent again, with its post, by the next poll (at-least-once; the capturer is idempotent by capture id).
 */
class VideoRequestsAreAcknowledgedBeforeTheCursorMovesTest {
    private static final String NEW = "/r/ukraine/new.json?raw_json=1&limit=100";
    private final FeedReplayServer server = FeedReplayServer.start();
    private final ExecutorService poller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        poller.shutdownNow();
        server.close();
    }

    @Test
    void aPostWhoseVideoRequestTheBrokerDidNotTakeIsPublishedAgainWithIt(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            server.serve(NEW, TestFeeds.bytes("reddit/ukraine-new.json"), "application/json; charset=UTF-8");
            WatchedSource source = new WatchedSource(new SourceSpec("r-ukraine", "reddit", server.baseUrl(), null,
                    Map.of("subreddit", "ukraine")), List.of(new Collection("all", null, null, List.of(), List.of())));
            RedditAdapter adapter = new RedditAdapter(VideoRequestRig.fetcher(), Clock.systemUTC(), name -> null);
            String lost;
            int published;
            try (CursorStore cursors = rig.cursors(); KafkaPostSink real = new KafkaPostSink(kafka.bootstrapServers())) {
                HeldVideos sink = new HeldVideos(real);
                Future<SourceRunner.Outcome> poll = poller.submit(() -> rig.runner(adapter, cursors, sink).run(source));

                // Both video requests are handed over with their posts, before any acknowledgement.
                await().atMost(Duration.ofSeconds(20)).until(() -> sink.held.size() == 2);
                published = sink.posts.size();
                assertThat(published).isGreaterThan(2);
                await().atMost(Duration.ofSeconds(20)).until(() -> sink.posts.stream().allMatch(CompletableFuture::isDone));
                Thread.sleep(200);
                assertThat(poll).as("posts and pages acknowledged, video requests not yet: the poll waits").isNotDone();
                assertThat(cursors.get("r-ukraine").seen()).as("nothing of the video posts remembered yet")
                        .doesNotContainKeys(sink.held.get(0).request().postId(), sink.held.get(1).request().postId());

                // The broker takes the first video request and times out on the second.
                sink.release(0);
                sink.held.get(1).acked().completeExceptionally(new org.apache.kafka.common.errors.TimeoutException("broker away"));
                lost = sink.held.get(1).request().postId();

                assertThatThrownBy(() -> poll.get(20, TimeUnit.SECONDS)).hasRootCauseMessage("broker away");
                SourceCursor cursor = cursors.get("r-ukraine");
                assertThat(cursor.seen()).doesNotContainKey(lost).containsKey(sink.held.get(0).request().postId());
                assertThat(cursor.etag()).as("validators move only with a whole batch").isNull();
            }

            // Next life, the broker answers: the post whose video request was lost is published again, with its request.
            SourceRunner.Outcome second = rig.lifetime(adapter, source);
            assertThat(second.published()).isEqualTo(1);
            assertThat(second.videosRequested()).isEqualTo(1);
            List<VideoCaptureRequested> requests = rig.videoRequests();
            assertThat(requests).hasSize(2).extracting(VideoCaptureRequested::postId).doesNotHaveDuplicates().contains(lost);
            assertThat(rig.posts()).containsKey(lost + "#1");
        }
    }

    /** The real broker for posts and page requests; video requests held until the test releases each (or fails it). */
    private static final class HeldVideos implements PostSink {
        record Held(VideoCaptureRequested request, CompletableFuture<Void> acked) {
        }

        final KafkaPostSink real;
        final List<CompletableFuture<Void>> posts = new CopyOnWriteArrayList<>();
        final List<Held> held = new CopyOnWriteArrayList<>();

        HeldVideos(KafkaPostSink real) {
            this.real = real;
        }

        void release(int i) {
            Held h = held.get(i);
            real.requestVideo(h.request()).whenComplete((ok, e) -> {
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
            return real.requestPage(request);
        }

        @Override
        public CompletionStage<Void> requestVideo(VideoCaptureRequested request) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            held.add(new Held(request, acked));
            return acked;
        }

        @Override
        public CompletionStage<Void> ledger(org.evidencepipeline.contracts.LedgerEntry entry) {
            return real.ledger(entry);
        }

        @Override
        public void deadLetter(CollectorDeadLetter letter) {
            real.deadLetter(letter); // the fixture's post without an id is dead-lettered, as always
        }

        @Override
        public void deleted(PostDeleted deletion) {
            throw new AssertionError("no deletion expected");
        }
    }
}
