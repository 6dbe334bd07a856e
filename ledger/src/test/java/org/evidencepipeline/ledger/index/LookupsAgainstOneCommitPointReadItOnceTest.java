package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verify report looks many keys up against the ledger as it stood when it began: with the committed sizes given,
 * the lookups read no {@code state.json} at all (the caller read each once), and they answer only below the size
 * given, even when the shard's commit point has moved on since.
 */
class LookupsAgainstOneCommitPointReadItOnceTest {
    @Test
    void givenCommittedSizesReplaceTheStateReads() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.startInTempDir()) {
            IndexBucket bucket = new IndexBucket(s3, "one-commit-point");
            CountingRunStore counted = bucket.counting();
            LedgerIndex index = new LedgerIndex(counted, LedgerIndex.MAX_LEVEL, true);
            List<LedgerEntry> entries = IndexBucket.entries("0", 0, 60);
            index.writeRun("0", 0, entries.subList(0, 40));
            index.writeRun("0", 40, entries.subList(40, 60));
            bucket.commit("0", 60);

            counted.reset();
            for (int i = 0; i < 40; i++) {
                assertThat(index.byKey(entries.get(i).key(), shard -> 40)).contains(new LeafRef("0", i));
            }
            assertThat(index.byKey(entries.get(50).key(), shard -> 40)).as("leaf 50 lies past the size given").isEmpty();
            assertThat(counted.keysRead).as("no commit point read").noneMatch(k -> k.equals(LedgerLayout.stateKey("0")));

            counted.reset();
            assertThat(index.byKey(entries.get(50).key())).as("without sizes, the commit point is read")
                    .contains(new LeafRef("0", 50));
            assertThat(counted.keysRead).contains(LedgerLayout.stateKey("0"));
        }
    }
}
