package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.ledger.checkpoint.CheckpointVerifier;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries published on ledger.entries.v1 (two partitions, so two shards) all become leaves, each shard's tree equal to
 * one built independently from the records; every checkpoint is signed by the configured key and verifies with the
 * verifier key, its token checks against the TSA's pinned certificate, and the TSA was asked once per checkpoint, not
 * once per entry.
 */
class EntriesPublishedAreAppendedAndCheckpointedTest {
    static final int N = 300;

    @TempDir
    Path dir;

    @Test
    void everyPublishedEntryIsALeafAndEachCheckpointIsSignedAndTimeStampedOnce() throws Exception {
        try (LedgerRig rig = new LedgerRig(dir, 2)) {
            rig.start(rig.settings(50, 100, Duration.ofSeconds(1)), true, true);
            List<LedgerEntry> entries = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                entries.add(LedgerRig.entry(i));
            }
            rig.publish(entries);

            LedgerRig.await("all entries appended and checkpointed", Duration.ofSeconds(60), LedgerRig.unchecked(() ->
                    rig.totalSize(2) == N && rig.state("0").checkpointSize() == rig.state("0").size()
                            && rig.state("1").checkpointSize() == rig.state("1").size()));

            CheckpointVerifier verifier = CheckpointVerifier.fromVerifierKey(rig.signer.verifierKey());
            int checkpoints = 0;
            for (String shard : List.of("0", "1")) {
                LeafList expected = rig.reference(Integer.parseInt(shard));
                assertThat(rig.state(shard).size()).as("shard %s holds its partition's entries", shard).isEqualTo(expected.size());
                assertThat(rig.state(shard).rootHash()).isEqualTo(Merkle.root(expected, expected.size()));
                List<StoredCheckpoint> stored = rig.reader.checkpoints(shard);
                assertThat(stored).isNotEmpty();
                for (StoredCheckpoint c : stored) {
                    Checkpoint signed = verifier.verify(c.note());
                    assertThat(signed.origin()).isEqualTo("ledger.test/log/" + shard);
                    assertThat(signed.size()).isEqualTo(c.size());
                    assertThat(signed.rootHash()).as("root at %d", c.size()).isEqualTo(Merkle.root(expected, c.size()));
                    assertThat(c.token()).as("checkpoint %s@%d is time-stamped", shard, c.size()).isNotNull();
                    CheckpointStamp.Stamped stamp = CheckpointStamp.check(c.token(), c.note(), List.of(rig.tsa.certificate()));
                    assertThat(stamp.time()).isNotNull();
                }
                checkpoints += stored.size();
            }
            assertThat(rig.tsaCounter.requests()).as("one TSA request per checkpoint").isEqualTo(checkpoints);
            assertThat(checkpoints).as("checkpoints, not per-entry stamps").isLessThan(N / 10);
        }
    }
}
