package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crashed append left a run [100, 150) uncommitted; the retried append wrote [100, 180), and a second crash a run
 * [170, 230) whose retry wrote [170, 200): every leaf is returned once, before and after compaction.
 */
class OverlappingRunsAfterACrashDoNotDoubleResultsTest {
    @Test
    void overlappingRunsOfTheSameLeavesGiveEachLeafOnce() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.startInTempDir()) {
            IndexBucket bucket = new IndexBucket(s3, "overlap");
            LedgerIndex index = new LedgerIndex(bucket.store);
            List<LedgerEntry> entries = IndexBucket.entries("0", 0, 230);
            index.writeRun("0", 0, entries.subList(0, 100));
            bucket.commit("0", 100);
            index.writeRun("0", 100, entries.subList(100, 150)); // crash before the commit
            index.writeRun("0", 100, entries.subList(100, 180)); // the retry
            bucket.commit("0", 180);
            index.writeRun("0", 170, entries.subList(170, 230)); // an overlapping stray
            index.writeRun("0", 180, entries.subList(180, 200));
            bucket.commit("0", 200);

            Map<String, List<LedgerEntry>> committed = Map.of("0", entries.subList(0, 200));
            List<LeafRef> all = IndexBucket.scan(committed, LedgerEntry::collectionIds, "c-1");
            assertThat(index.byCollection("c-1")).isEqualTo(all).doesNotHaveDuplicates().hasSizeGreaterThan(15);
            String sha = entries.get(175).sha256();
            assertThat(index.bySha256(sha)).isEqualTo(IndexBucket.scan(committed, e -> List.of(e.sha256()), sha))
                    .doesNotHaveDuplicates();
            assertThat(index.byKey(entries.get(120).key())).containsExactly(new LeafRef("0", 120));

            index.compact("0", 200);
            assertThat(index.byCollection("c-1")).isEqualTo(all);
            assertThat(index.byKey(entries.get(120).key())).containsExactly(new LeafRef("0", 120));
        }
    }
}
