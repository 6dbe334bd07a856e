package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs written for leaves the writer has not committed (no state.json yet, or past its size) are not answered, and
 * compaction does not merge past the committed size; once state.json moves, they are.
 */
class LeavesBeyondTheCommittedSizeAreNotReturnedTest {
    @Test
    void onlyLeavesBelowStateJsonsSizeAreReturned() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.startInTempDir()) {
            IndexBucket bucket = new IndexBucket(s3, "committed");
            LedgerIndex index = new LedgerIndex(bucket.store);
            List<LedgerEntry> entries = IndexBucket.entries("0", 0, 80);
            index.writeRun("0", 0, entries.subList(0, 20));
            index.writeRun("0", 20, entries.subList(20, 50));
            assertThat(index.byKey(entries.get(3).key())).as("no state.json: nothing committed").isEmpty();

            bucket.commit("0", 50);
            index.writeRun("0", 50, entries.subList(50, 80));
            assertThat(index.byKey(entries.get(49).key())).containsExactly(new LeafRef("0", 49));
            assertThat(index.byKey(entries.get(60).key())).isEmpty();
            assertThat(index.byCollection("c-1")).isNotEmpty().allSatisfy(r -> assertThat(r.index()).isLessThan(50));

            index.compact("0", 50);
            // [16, 31] spans two appends' runs and is merged; [0, 15] and [32, 47] each lie in one run already;
            // [48, 63] reaches past the committed size and is not merged
            assertThat(bucket.store.keys(LedgerLayout.indexPrefix("0") + "1/")).containsExactly(new RunName(1, 16, 31).key("0"));
            assertThat(index.byKey(entries.get(60).key())).isEmpty();

            bucket.commit("0", 80);
            assertThat(index.byKey(entries.get(60).key())).containsExactly(new LeafRef("0", 60));
        }
    }
}
