package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint comes once {@code every} entries have come since the last one, or once {@code interval} has passed
 * with entries not yet covered, whichever is first; a tree that did not grow is never signed again.
 */
class CheckpointEveryNOrTSecondsTest {
    @TempDir
    Path dir;

    @Test
    void thePolicyCountsEntriesAndTime() {
        CheckpointPolicy policy = new CheckpointPolicy(50, Duration.ofSeconds(10));
        Instant last = Instant.parse("2026-12-02T08:00:00Z");
        byte[] root = Merkle.emptyRoot();
        assertThat(policy.due(new LedgerState("0", 149, root, 149, 100), last, last.plusSeconds(1))).isFalse();
        assertThat(policy.due(new LedgerState("0", 150, root, 150, 100), last, last.plusSeconds(1))).isTrue();
        assertThat(policy.due(new LedgerState("0", 101, root, 101, 100), last, last.plusSeconds(9))).isFalse();
        assertThat(policy.due(new LedgerState("0", 101, root, 101, 100), last, last.plusSeconds(10))).isTrue();
        assertThat(policy.due(new LedgerState("0", 100, root, 100, 100), last, last.plusSeconds(3600)))
                .as("an unchanged tree is not re-signed").isFalse();
    }

    @Test
    void aBusyShardIsCheckpointedEveryNAndAQuietOneAfterT() throws Exception {
        try (LedgerRig rig = new LedgerRig(dir, 1)) {
            rig.start(rig.settings(10, 50, Duration.ofSeconds(4)), true, false);
            List<LedgerEntry> entries = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                entries.add(LedgerRig.entry(i));
            }
            rig.publish(entries);

            LedgerRig.await("the tail checkpointed after the interval", Duration.ofSeconds(60),
                    LedgerRig.unchecked(() -> rig.state("0").checkpointSize() == 120));
            List<Long> sizes = rig.reader.checkpoints("0").stream().map(StoredCheckpoint::size).toList();
            // 50 and 100 by count (appends of 10 each); 120 only by time, since 20 < 50.
            assertThat(sizes).contains(50L, 100L).endsWith(120L);
            assertThat(sizes).isSorted().doesNotHaveDuplicates();

            Thread.sleep(6000);
            assertThat(rig.reader.checkpoints("0")).as("nothing new to sign").hasSize(sizes.size());
        }
    }
}
