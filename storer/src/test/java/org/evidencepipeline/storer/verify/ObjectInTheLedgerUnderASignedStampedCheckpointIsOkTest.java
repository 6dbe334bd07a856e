package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.LedgerEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archived post (raw item in its fetch WARC, normalised post, post provenance, one media item and its provenance) and
 * a page capture, each ledgered and under a signed, time-stamped checkpoint, verify OK: every object's verdict names its
 * shard, leaf, checkpoint size and the TSA's time; {@code verify --ledger} holds for the whole ledger.
 */
class ObjectInTheLedgerUnderASignedStampedCheckpointIsOkTest {
    @TempDir
    static Path dir;
    private static LedgerRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = LedgerRig.start(dir);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void everyObjectOfAPostAndAPageIsProvenUnderASignedStampedCheckpoint() throws Exception {
        LedgerRig.Archived a = rig.archiveAndLedger("ok-post");
        PageCaptures.Capture page = rig.pageAndLedger("ok-page");
        Verifier verifier = rig.verifier();

        VerifyReport report = verifier.post(a.postId());
        assertThat(report.items()).hasSize(2);
        for (VerifyReport.Item item : report.items()) {
            assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.OK);
            assertThat(item.objectStatus()).isEqualTo(VerifyStatus.OK);
            assertThat(item.ledger().status()).isEqualTo(VerifyStatus.OK);
            for (LedgerProof p : item.ledger().objects()) {
                assertThat(p.status()).as(p.detail()).isEqualTo(VerifyStatus.OK);
                assertThat(p.shard()).isEqualTo(LedgerFixture.SHARD);
                assertThat(p.leafIndex()).isNotNull().isLessThan(p.checkpointSize());
                assertThat(p.stampedAt()).isNotNull();
                assertThat(p.tsa()).contains("Local test TSA");
            }
        }
        VerifyReport.Item post = report.items().stream().filter(i -> VerifyReport.POST.equals(i.kind())).findFirst().orElseThrow();
        assertThat(post.ledger().objects()).extracting(LedgerProof::kind).containsExactlyInAnyOrder(LedgerEntry.POST_PROVENANCE,
                LedgerEntry.RAW_ITEM, LedgerEntry.FETCH_WARC, LedgerEntry.POST);
        // The first post's six entries (four of the post, two of its media) came before the first checkpoint (size 6): the smallest covering one is used.
        assertThat(post.ledger().objects()).extracting(LedgerProof::checkpointSize).containsOnly(6L);
        assertThat(post.detail()).contains("ledger: 4 object(s) in signed checkpoints").contains("shard 0, checkpoint 6");
        VerifyReport.Item media = verifier.capture(a.media().captureId()).items().get(0);
        assertThat(media.status()).as(media.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(media.ledger().objects()).extracting(LedgerProof::kind)
                .containsExactlyInAnyOrder(LedgerEntry.MEDIA, LedgerEntry.MEDIA_PROVENANCE);

        VerifyReport.Item pageItem = verifier.capture(page.captureId()).items().get(0);
        assertThat(pageItem.status()).as(pageItem.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(pageItem.ledger().objects()).hasSize(PageCaptures.ROLES.size() + 1);
        assertThat(pageItem.ledger().objects()).extracting(LedgerProof::checkpointSize).containsOnly(rig.ledger.state().size());
        assertThat(verifier.archive().allOk()).isTrue();

        LedgerRig.Cli cli = rig.cli("--post", a.postId());
        assertThat(cli.exit()).as(cli.out()).isZero();
        assertThat(cli.out()).contains("OK               post  post rss:ok-post v1").contains("shard 0, checkpoint 6 (time-stamped ")
;
        LedgerRig.Cli audit = rig.cli("--ledger");
        assertThat(audit.exit()).as(audit.out()).isZero();
        assertThat(audit.out()).contains("shard 0: " + rig.ledger.state().size() + " entries, 2 checkpoint(s): OK")
                .contains("checkpoint 6 (ledger/0/checkpoints/6): signed, time-stamped")
                .contains("consistency proof(s)")
                .contains("the tree rebuilt from " + rig.ledger.state().size() + " entries equals the hash tiles")
                .contains("entries' objects").doesNotContain("FAIL ");
        assertThat(rig.store.exists(ArchiveStore.pageProvenanceKey(page.captureId()))).isTrue();
        assertThat(List.of(audit.out().split("\n"))).anyMatch(l -> l.startsWith("ledger (") && l.endsWith(": OK"));
    }
}
