package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Each fetch WARC a poll preserves gets one custody ledger entry on {@code ledger.entries.v1}, keyed by the object key,
 * naming the object as the archive holds it; a WARC already there (the same body polled again) gets its entry again.
 * The entry rides beside the first post read from that fetch, and that post is remembered only once the broker took
 * the entry: one it did not take is sent again, with its post, by the next poll.
 */
class PreservedFetchPublishesItsLedgerEntryTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void aPreservedFetchPublishesOneEntryForTheObjectAsStoredAndAgainWhenFoundThere(@TempDir Path dir) throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            rig.serve(AnIdenticalBodyPolledTwiceIsOneWarcObjectTest.PAGE);
            Instant before = Instant.now();
            assertThat(rig.poll(rig.source("first")).published()).isEqualTo(3);

            List<String> objects = rig.fetchObjects();
            assertThat(objects).hasSize(1);
            String key = objects.get(0);
            byte[] stored = rig.archive.store().get(key).orElseThrow();
            List<TopicProbe.Read> first = entries(rig, 1);
            assertThat(first).hasSize(1);
            assertThat(first.get(0).key()).as("keyed by the object key: a WARC belongs to no one post").isEqualTo(key);
            LedgerEntry entry = codec.read(first.get(0).value(), LedgerEntry.class);
            assertThat(entry.kind()).isEqualTo(LedgerEntry.FETCH_WARC);
            assertThat(entry.key()).isEqualTo(key);
            assertThat(entry.sha256()).as("the SHA-256 of the object as stored").isEqualTo(Hashes.sha256Hex(stored));
            assertThat(entry.size()).isEqualTo(stored.length);
            assertThat(entry.postId()).isNull();
            assertThat(entry.postVersion()).isNull();
            assertThat(entry.within()).isNull();
            assertThat(entry.time()).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
            assertThat(rig.published()).allSatisfy(p -> assertThat(p.source().warcKey()).isEqualTo(key));
            assertThat(rig.counter("collector.ledger.entries.published", "first")).isEqualTo(1);

            // The same body for another source: the WARC is found in the archive, and its entry published again.
            assertThat(rig.poll(rig.source("second")).published()).isEqualTo(3);
            assertThat(rig.fetchObjects()).containsExactly(key);
            List<TopicProbe.Read> both = entries(rig, 2);
            assertThat(both).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo(key));
            LedgerEntry again = codec.read(both.get(1).value(), LedgerEntry.class);
            assertThat(again.key()).isEqualTo(key);
            assertThat(again.sha256()).isEqualTo(entry.sha256());
            assertThat(again.size()).isEqualTo(entry.size());
            assertThat(rig.counter("collector.ledger.entries.published", "second")).isEqualTo(1);
        }
    }

    @Test
    void thePostCarryingTheEntryIsRememberedOnlyOnceTheBrokerTookIt(@TempDir Path dir) throws Exception {
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            rig.serve(AnIdenticalBodyPolledTwiceIsOneWarcObjectTest.PAGE);
            HeldEntries held = new HeldEntries();
            Future<SourceRunner.Outcome> poll = poller.submit(() -> rig.poll(rig.source("news"), rig.archive.archive(), held::wrapping));

            await().atMost(Duration.ofSeconds(20)).until(() -> held.entries.size() == 1 && held.posts.size() == 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> held.posts.stream().allMatch(CompletableFuture::isDone));
            Thread.sleep(200);
            assertThat(poll).as("posts acknowledged, the WARC's entry not yet: the poll waits").isNotDone();
            assertThat(rig.cursor("news").seen()).as("nothing remembered while the entry is unacknowledged").isEmpty();
            String carrier = held.sentPosts.get(0).postId(); // the first post read from the fetch

            held.entries.get(0).completeExceptionally(new org.apache.kafka.common.errors.TimeoutException("broker away"));
            assertThatThrownBy(() -> poll.get(20, TimeUnit.SECONDS)).hasRootCauseMessage("broker away");
            SourceCursor cursor = rig.cursor("news");
            assertThat(cursor.seen()).as("the post that carried the entry is not remembered; the others are")
                    .doesNotContainKey(carrier).hasSize(2);
            assertThat(cursor.etag()).isNull();
            assertThat(new TopicProbe(rig.kafka.bootstrapServers()).readAll(Topics.LEDGER_ENTRIES)).isEmpty();

            // Next life, the broker answers: that post is published again and the WARC's entry with it.
            SourceRunner.Outcome second = rig.poll(rig.source("news"));
            assertThat(second.published()).isEqualTo(1);
            List<TopicProbe.Read> entries = entries(rig, 1);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).key()).isEqualTo(rig.fetchObjects().get(0));
            assertThat(rig.cursor("news").seen()).containsKey(carrier).hasSize(3);
        } finally {
            poller.shutdownNow();
        }
    }

    private static List<TopicProbe.Read> entries(EvidenceRig rig, int atLeast) {
        return new TopicProbe(rig.kafka.bootstrapServers())
                .readUntil(Topics.LEDGER_ENTRIES, r -> r.size() >= atLeast, Duration.ofSeconds(20)).records();
    }

    /** The real sink for everything but ledger entries, which are held until the test settles them. */
    private static final class HeldEntries {
        final List<CompletableFuture<Void>> entries = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> posts = new CopyOnWriteArrayList<>();
        final List<PostCollected> sentPosts = new CopyOnWriteArrayList<>();

        PostSink wrapping(PostSink real) {
            return new PostSink() {
                @Override
                public CompletionStage<Void> publish(PostCollected post) {
                    sentPosts.add(post);
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
                    return real.requestVideo(request);
                }

                @Override
                public CompletionStage<Void> ledger(LedgerEntry entry) {
                    CompletableFuture<Void> acked = new CompletableFuture<>();
                    entries.add(acked);
                    return acked;
                }

                @Override
                public void deadLetter(CollectorDeadLetter letter) {
                    throw new AssertionError("no dead letter expected: " + letter.reason());
                }

                @Override
                public void deleted(PostDeleted deletion) {
                    throw new AssertionError("no deletion expected");
                }
            };
        }
    }
}
