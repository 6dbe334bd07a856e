package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.index.LeafRef;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer is killed with SIGKILL at random points inside its batches (tiles half written, bundles written but not
 * state.json, index runs written for leaves never committed) and restarted, fed again from before its committed
 * offset, until every entry is in. No entry is lost or doubled, every root a killed writer had committed is the root the
 * final tree has at that size, and the final root is the in-memory reference tree's.
 *
 * <p>Why this holds: a batch is a deterministic function of its Kafka offsets, so a replay computes the same leaves;
 * tiles and bundles for the new leaves are written before state.json, which is the only commit point; records below
 * state.json's {@code nextOffset} are skipped; and a partial tile or bundle beyond the committed size is simply
 * rewritten with the same bytes on the next attempt.
 */
@ExtendWith(LedgerBucket.class)
class AppendAfterCrashGivesTheSameRootsTest {
    private static final String SHARD = "0";
    private static final long TOTAL = 1500;
    private static final int BATCH = 97;

    @Test
    void killedMidBatchThenRestartedGivesTheReferenceTree(LedgerBucket.Server server) throws Exception {
        Random random = new Random(16);
        Map<Long, String> committedRoots = new TreeMap<>();
        int kills = 0;
        boolean done = false;
        for (int run = 0; run < 40 && !done; run++) {
            Process child = start(server);
            // Kill after the child started its k-th batch, a few milliseconds into it; the last runs finish.
            int killAtBatch = run < 12 ? 1 + random.nextInt(3) : Integer.MAX_VALUE;
            int batches = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("committed ")) {
                        String[] f = line.split(" ");
                        String earlier = committedRoots.putIfAbsent(Long.parseLong(f[1]), f[2]);
                        assertThat(earlier == null || earlier.equals(f[2])).as("root at size %s", f[1]).isTrue();
                    } else if (line.startsWith("batch ") && ++batches == killAtBatch) {
                        Thread.sleep(random.nextInt(40));
                        child.destroyForcibly();
                        kills++;
                        break;
                    } else if (line.equals("done")) {
                        done = true;
                    }
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (!done && killAtBatch == Integer.MAX_VALUE) {
                assertThat(child.exitValue()).as("writer run %d failed on its own", run).isZero();
            }
        }
        assertThat(done).isTrue();
        assertThat(kills).isEqualTo(12);

        ArchiveStore store = server.store();
        List<LedgerEntry> expected = new ArrayList<>();
        for (long i = 0; i < TOTAL; i++) {
            expected.add(TestEntries.object(i));
        }
        LedgerReader reader = new LedgerReader(store);
        LedgerState state = reader.state(SHARD).orElseThrow();
        assertThat(state.size()).isEqualTo(TOTAL);
        assertThat(state.nextOffset()).isEqualTo(TOTAL);
        assertThat(reader.entries(SHARD, 0, TOTAL)).containsExactlyElementsOf(expected);

        LeafList reference = TestEntries.reference(expected);
        assertThat(state.rootHash()).isEqualTo(Merkle.root(reference, TOTAL));
        assertThat(committedRoots).isNotEmpty();
        for (Map.Entry<Long, String> c : committedRoots.entrySet()) {
            assertThat(HexFormat.of().formatHex(reader.root(SHARD, c.getKey()))).as("root at %d", c.getKey()).isEqualTo(c.getValue());
            assertThat(HexFormat.of().formatHex(Merkle.root(reference, c.getKey()))).isEqualTo(c.getValue());
        }

        // The index has runs written by killed writers for leaves that were never committed: each key still has one leaf.
        LedgerIndex index = new LedgerIndex(store);
        for (long i = 0; i < TOTAL; i += 61) {
            assertThat(index.byKey(TestEntries.object(i).key())).containsExactly(new LeafRef(SHARD, i));
        }
    }

    private static Process start(LedgerBucket.Server server) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                AppendingWriterMain.class.getName(), server.s3().endpoint(), server.bucket(), SHARD,
                Long.toString(TOTAL), Integer.toString(BATCH), "150")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
