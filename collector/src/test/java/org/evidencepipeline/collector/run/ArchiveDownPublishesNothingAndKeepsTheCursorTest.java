package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.FetchArchive;
import org.evidencepipeline.collector.evidence.PreservedCapture;
import org.evidencepipeline.contracts.PostCollected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable first: while the archive (real S3Proxy) is down, a poll that found new posts publishes none of them and
 * leaves the cursor where it was, and says "archive-unavailable"; once the archive is back the next poll publishes
 * them, each pointing at its preserved bytes.
 */
class ArchiveDownPublishesNothingAndKeepsTheCursorTest {
    @Test
    void archiveDownPublishesNothingAndKeepsTheCursorThenTheNextPollPublishesWithEvidence(@TempDir Path dir) throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            String one = JsonLinesAdapter.line("1", "Перша", "2026-11-20T08:00:00Z");
            String two = JsonLinesAdapter.line("2", "Друга", "2026-11-20T09:00:00Z");
            rig.serve(one, two);
            assertThat(rig.poll(rig.source("news")).published()).isEqualTo(2);
            SourceCursor before = rig.cursor("news");
            assertThat(before.position()).isEqualTo("2");

            String three = JsonLinesAdapter.line("3", "Третя", "2026-11-20T10:00:00Z");
            String four = JsonLinesAdapter.line("4", "Четверта", "2026-11-20T11:00:00Z");
            rig.serve(one, two, three, four);
            rig.archive.s3().stop();
            SourceRunner.Outcome down = rig.poll(rig.source("news"));

            assertThat(down.published()).isZero();
            assertThat(rig.fetches("news", "archive-unavailable")).isEqualTo(1);
            assertThat(rig.counter("collector.fetches.nothing.new", "news")).as("it did yield something: it is not counted as nothing new")
                    .isZero();
            assertThat(rig.board.get("news").failingSince()).isNotNull();
            assertThat(rig.board.get("news").lastError()).contains("cannot preserve the fetch");
            assertThat(rig.published()).as("nothing of the unpreserved page on the topic").hasSize(2)
                    .extracting(PostCollected::platformId).containsExactlyInAnyOrder("1", "2");
            SourceCursor during = rig.cursor("news");
            assertThat(during.position()).as("paging position unmoved").isEqualTo("2");
            assertThat(during.seen()).as("posts 3 and 4 not remembered").containsOnlyKeys(before.seen().keySet());
            assertThat(during.etag()).isEqualTo(before.etag());

            rig.archive.s3().start();
            SourceRunner.Outcome back = rig.poll(rig.source("news"));

            assertThat(back.published()).isEqualTo(2);
            assertThat(back.unchanged()).isEqualTo(2);
            assertThat(rig.cursor("news").position()).isEqualTo("4");
            assertThat(rig.board.get("news").failingSince()).isNull();
            assertThat(rig.published()).hasSize(4).filteredOn(p -> p.platformId().equals("3") || p.platformId().equals("4"))
                    .hasSize(2).allSatisfy(p -> {
                        assertThat(p.source()).isNotNull();
                        assertThat(rig.fetchObjects()).contains(p.source().warcKey());
                        rig.archive.assertItemIsSliceOf(p.source(), EvidenceRig.body(one, two, three, four));
                    });
            assertThat(rig.fetchObjects()).as("the first page and the grown page").hasSize(2);
        }
    }

    @Test
    void theArchiveGoingDownMidPollKeepsTheCursorButNotThePostsAlreadyPreserved(@TempDir Path dir) throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            String[] first = {JsonLinesAdapter.line("1", "Перша", "2026-11-20T08:00:00Z"), JsonLinesAdapter.line("2", "Друга", "2026-11-20T09:00:00Z")};
            String[] second = {JsonLinesAdapter.line("3", "Третя", "2026-11-20T10:00:00Z")};
            rig.servePage(EvidenceRig.PAGE, first);
            rig.servePage(EvidenceRig.NEXT, second);
            // the archive answers for the first page's WARC, then goes down before the second page's
            FetchArchive failingAfterOne = capture -> {
                Optional<PreservedCapture> stored = rig.archive.archive().preserve(capture);
                rig.archive.s3().stop();
                return stored;
            };

            SourceRunner.Outcome cut = rig.poll(rig.twoPageSource("news"), failingAfterOne, sink -> sink);

            assertThat(cut.published()).as("the first page's posts, preserved before they went").isEqualTo(2);
            assertThat(rig.fetches("news", "archive-unavailable")).isEqualTo(1);
            assertThat(rig.counter("collector.fetches.preserved", "news")).isEqualTo(1);
            assertThat(rig.counter("collector.fetches.nothing.new", "news")).isZero();
            assertThat(rig.published()).extracting(PostCollected::platformId).containsExactlyInAnyOrder("1", "2");
            SourceCursor during = rig.cursor("news");
            assertThat(during.position()).as("position unmoved: the second page is read again").isNull();
            assertThat(during.seen()).as("what was published is remembered").containsOnlyKeys("jsonlines:1", "jsonlines:2");

            rig.archive.s3().start();
            SourceRunner.Outcome back = rig.poll(rig.twoPageSource("news"));

            assertThat(back.published()).isEqualTo(1);
            assertThat(back.unchanged()).isEqualTo(2);
            assertThat(rig.published()).as("none twice").extracting(PostCollected::platformId).containsExactlyInAnyOrder("1", "2", "3");
            PostCollected three = rig.published().stream().filter(p -> p.platformId().equals("3")).findFirst().orElseThrow();
            rig.archive.assertItemIsSliceOf(three.source(), EvidenceRig.body(second));
            assertThat(rig.cursor("news").position()).isEqualTo("3");
            assertThat(rig.fetchObjects()).hasSize(2);
        }
    }
}
