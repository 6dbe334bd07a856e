package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointVerifier;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger writer as it runs (a Kafka consumer in its own JVM, {@link LedgerAppenderMain}) is killed with SIGKILL
 * while it appends, four times, at points chosen while its trees grow, and restarted each time. Its Kafka offsets were
 * never committed past its trees' commit points, so every restart is fed records it already has: it seeks to each
 * tree's {@code nextOffset}, and the trees end exactly as one built independently from the topic, every entry once,
 * every checkpoint signed over a root of that reference tree.
 */
class AppenderKilledMidBatchLosesNothingTest {
    static final int PARTITIONS = 2;
    static final int N = 2400;

    @TempDir
    Path dir;

    @Test
    void killedWhileAppendingThenRestartedGivesTheTreesOfTheTopic() throws Exception {
        try (LedgerRig rig = new LedgerRig(dir, PARTITIONS)) {
            Path keyFile = Files.writeString(dir.resolve("signer-key"), rig.signerKey + "\n");
            List<LedgerEntry> entries = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                entries.add(LedgerRig.entry(i));
            }
            // A stage replayed after a crash states some objects again: the repeats must not become leaves.
            entries.addAll(entries.subList(100, 160));
            rig.publish(entries);

            Random random = new Random(17);
            long[] killAt = {300, 900, 1500, 2100};
            for (long threshold : killAt) {
                Process child = start(rig, keyFile);
                try {
                    LedgerRig.await("the writer passing " + threshold + " leaves", Duration.ofSeconds(90),
                            LedgerRig.unchecked(() -> rig.totalSize(PARTITIONS) >= threshold));
                    Thread.sleep(random.nextInt(30));
                } finally {
                    child.destroyForcibly();
                    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(rig.totalSize(PARTITIONS)).as("killed before the end").isLessThan(N);
            }

            Process last = start(rig, keyFile);
            try {
                LedgerRig.await("every entry appended and checkpointed", Duration.ofSeconds(120), LedgerRig.unchecked(() -> {
                    for (int p = 0; p < PARTITIONS; p++) {
                        if (rig.state(Integer.toString(p)).size() != rig.reference(p).size()
                                || rig.state(Integer.toString(p)).checkpointSize() != rig.state(Integer.toString(p)).size()) {
                            return false;
                        }
                    }
                    return true;
                }));
            } finally {
                last.destroy();
                last.waitFor(30, TimeUnit.SECONDS);
            }

            assertThat(rig.totalSize(PARTITIONS)).as("each distinct entry once").isEqualTo(N);
            CheckpointVerifier verifier = CheckpointVerifier.fromVerifierKey(rig.signer.verifierKey());
            for (int p = 0; p < PARTITIONS; p++) {
                String shard = Integer.toString(p);
                LeafList expected = rig.reference(p);
                assertThat(rig.state(shard).rootHash()).isEqualTo(Merkle.root(expected, expected.size()));
                assertThat(rig.reader.entries(shard, 0, expected.size())).doesNotHaveDuplicates();
                List<StoredCheckpoint> checkpoints = rig.reader.checkpoints(shard);
                assertThat(checkpoints).hasSizeGreaterThan(1);
                for (StoredCheckpoint c : checkpoints) {
                    Checkpoint signed = verifier.verify(c.note());
                    assertThat(signed.rootHash()).as("checkpoint %s@%d", shard, c.size()).isEqualTo(Merkle.root(expected, c.size()));
                }
            }
        }
    }

    private static Process start(LedgerRig rig, Path keyFile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx160m",
                "-Dkafka.bootstrap.servers=" + rig.kafka.bootstrapServers(),
                // A killed member leaves the group only when its session times out: keep that short here.
                "-Dkafka.session.timeout.ms=6000", "-Dkafka.heartbeat.interval.ms=1000",
                "-Dledger.s3.endpoint=" + rig.s3.endpoint(), "-Dledger.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                "-Dledger.s3.secret-key=" + S3ProxyServer.SECRET_KEY, "-Dledger.s3.bucket=evidence-archive",
                "-Dledger.origin=ledger.test/log", "-Dledger.signer-key-file=" + keyFile,
                "-Dledger.batch-max=37", "-Dledger.checkpoint-every=200", "-Dledger.checkpoint-interval=1s",
                "-cp", System.getProperty("java.class.path"), LedgerAppenderMain.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
