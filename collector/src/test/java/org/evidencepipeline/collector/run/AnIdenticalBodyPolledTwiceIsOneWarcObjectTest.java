package org.evidencepipeline.collector.run;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.SourceEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fetch WARC is content-addressed and written once: two polls that get the same bytes from the same URL, both
 * yielding new post versions, make one object under {@code fetches/}, and the posts of the second poll point at the
 * record the first wrote, with the first fetch's WARC-Date, not at a second copy or a time no WARC holds.
 */
class AnIdenticalBodyPolledTwiceIsOneWarcObjectTest {
    static final String[] PAGE = {
            JsonLinesAdapter.line("1", "Вибух у Харкові", "2026-11-20T08:00:00Z"),
            JsonLinesAdapter.line("2", "Зруйновано школу", "2026-11-20T09:00:00Z"),
            JsonLinesAdapter.line("3", "Оновлення о 10:00", "2026-11-20T10:00:00Z")};

    @Test
    void aSourceAddedWithANewCollectionOnTheSameUrlPointsAtTheFirstFetch(@TempDir Path dir) throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            rig.serve(PAGE);
            assertThat(rig.poll(rig.source("first")).published()).isEqualTo(3);
            // a collection declared later watches the same page through a source of its own: all three are new to it
            assertThat(rig.poll(rig.source("second")).published()).isEqualTo(3);

            assertThat(rig.page.requests(EvidenceRig.PAGE)).as("two real fetches").hasSize(2);
            List<String> objects = rig.fetchObjects();
            assertThat(objects).as("one WARC object for the one body").hasSize(1);
            assertOnePointsAtTheFirstFetch(rig, objects.get(0), rig.published(), 6);
        }
    }

    @Test
    void aPollCutShortByTheBrokerIsFinishedFromTheSameObject(@TempDir Path dir) throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            rig.serve(PAGE);
            // the first poll preserves the page, publishes one post and loses the broker
            assertThatThrownBy(() -> rig.poll(rig.source("news"), rig.archive.archive(), sink -> failingAfter(1, sink)))
                    .hasMessageContaining("broker gone");
            assertThat(rig.published()).hasSize(1);
            Thread.sleep(5); // the second fetch is later than the first, whatever the clock's resolution

            // the page is unchanged: the next poll publishes the other two, from the same object
            assertThat(rig.poll(rig.source("news")).published()).isEqualTo(2);

            List<String> objects = rig.fetchObjects();
            assertThat(objects).hasSize(1);
            assertOnePointsAtTheFirstFetch(rig, objects.get(0), rig.published(), 3);
            assertThat(rig.published()).extracting(PostCollected::platformId).containsExactlyInAnyOrder("1", "2", "3");
        }
    }

    private static void assertOnePointsAtTheFirstFetch(EvidenceRig rig, String object, List<PostCollected> posts, int count)
            throws Exception {
        byte[] served = (String.join("\n", PAGE) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(posts).hasSize(count).allSatisfy(p -> assertThat(p.source()).as("evidence of " + p.postId()).isNotNull());
        SourceEvidence first = posts.stream().map(PostCollected::source).min((a, b) -> a.fetchedAt().compareTo(b.fetchedAt())).orElseThrow();
        assertThat(object).isEqualTo(ArchiveStore.fetchWarcKey(first.fetchId()));
        Instant warcDate = warcDateOf(rig, first);
        assertThat(posts).allSatisfy(p -> {
            SourceEvidence e = p.source();
            assertThat(e.warcKey()).isEqualTo(object);
            assertThat(e.warcRecordId()).isEqualTo(first.warcRecordId());
            assertThat(e.fetchedAt()).as("the first fetch's WARC-Date").isEqualTo(warcDate);
            assertThat(e.fetchStartedAt()).isEqualTo(first.fetchStartedAt());
        });
        assertThat(rig.page.requests(EvidenceRig.PAGE)).hasSize(2);
        for (PostCollected p : posts) {
            byte[] item = rig.archive.assertItemIsSliceOf(p.source(), served);
            assertThat(new String(item, StandardCharsets.UTF_8)).contains("\"id\":\"" + p.platformId() + "\"");
        }
    }

    /** The WARC-Date of the record {@code e} names, as the archived object has it. */
    private static Instant warcDateOf(EvidenceRig rig, SourceEvidence e) throws Exception {
        byte[] warc = rig.archive.store().get(e.warcKey()).orElseThrow();
        return org.evidencepipeline.collector.evidence.FetchWarc.read(e.warcKey(), warc).records().stream()
                .filter(r -> r.recordId().equals(e.warcRecordId())).findFirst().orElseThrow().date();
    }

    /** The real sink, until {@code publishable} posts have gone: then the broker "goes away" for publishes. */
    static PostSink failingAfter(int publishable, PostSink sink) {
        int[] left = {publishable};
        return new PostSink() {
            @Override
            public CompletionStage<Void> publish(PostCollected post) {
                if (left[0]-- <= 0) {
                    return CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
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
            public void deadLetter(CollectorDeadLetter letter) {
                sink.deadLetter(letter);
            }

            @Override
            public void deleted(PostDeleted deletion) {
                sink.deleted(deletion);
            }
        };
    }
}
