package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.ledger.checkpoint.CheckpointVerifier;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TSA is away when a quiet shard's checkpoint is due, so it goes out signed but unstamped, and no further entry
 * comes to bring a new checkpoint. The writer stamps the same signed note again on later tries until the TSA answers:
 * the shard's last entries end time-stamped, under the one checkpoint, not "not time-stamped" for good.
 */
class QuietShardsUnstampedCheckpointIsStampedOnALaterTryTest {
    @TempDir
    Path dir;

    @Test
    void theSameNoteGetsItsTokenOnceTheTsaAnswers() throws Exception {
        try (LedgerRig rig = new LedgerRig(dir, 1)) {
            rig.tsaCounter.refuseNext.set(2);
            rig.start(rig.settings(50, 100, Duration.ofMillis(500)), true, true);
            List<LedgerEntry> entries = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                entries.add(LedgerRig.entry(i));
            }
            rig.publish(entries);

            LedgerRig.await("the checkpoint at size 5 time-stamped", Duration.ofSeconds(60), LedgerRig.unchecked(() -> {
                List<StoredCheckpoint> cps = rig.reader.checkpoints("0");
                return !cps.isEmpty() && cps.get(cps.size() - 1).size() == 5 && cps.get(cps.size() - 1).token() != null;
            }));

            List<StoredCheckpoint> stored = rig.reader.checkpoints("0");
            assertThat(stored).as("one checkpoint: the tree did not change, so nothing was re-signed").hasSize(1);
            StoredCheckpoint cp = stored.get(0);
            assertThat(CheckpointVerifier.fromVerifierKey(rig.signer.verifierKey()).verify(cp.note()).size()).isEqualTo(5);
            assertThat(CheckpointStamp.check(cp.token(), cp.note(), List.of(rig.tsa.certificate())).time()).isNotNull();
            assertThat(rig.tsaCounter.requests()).as("two refused tries, then the one that held").isEqualTo(3);
            assertThat(rig.tsaCounter.refuseNext.get()).isZero();
        }
    }
}
