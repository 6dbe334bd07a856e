package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a signer key the tree is built and committed all the same, but nothing is signed and the TSA is never asked. */
class NoSignerKeyMeansNoCheckpointButTheTreeIsKeptTest {
    @TempDir
    Path dir;

    @Test
    void anUnsignedLedgerKeepsEveryEntryAndHasNoCheckpoint() throws Exception {
        try (LedgerRig rig = new LedgerRig(dir, 1)) {
            rig.start(rig.settings(10, 5, Duration.ofMillis(300)), false, true);
            List<LedgerEntry> entries = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                entries.add(LedgerRig.entry(i));
            }
            rig.publish(entries);
            LedgerRig.await("40 entries", Duration.ofSeconds(30), LedgerRig.unchecked(() -> rig.state("0").size() == 40));
            Thread.sleep(1500); // well past checkpoint-every and checkpoint-interval

            LeafList expected = rig.reference(0);
            assertThat(rig.state("0").rootHash()).isEqualTo(Merkle.root(expected, 40));
            assertThat(rig.state("0").nextOffset()).isEqualTo(40);
            assertThat(rig.state("0").checkpointSize()).isZero();
            assertThat(rig.reader.checkpoints("0")).isEmpty();
            assertThat(rig.reader.latestCheckpoint("0")).isEmpty();
            assertThat(rig.store.exists(LedgerLayout.checkpointKey("0"))).isFalse();
            assertThat(rig.tsaCounter.requests()).isZero();
        }
    }
}
