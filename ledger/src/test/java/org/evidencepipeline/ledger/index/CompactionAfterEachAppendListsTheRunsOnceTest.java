package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.ledger.LedgerLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer compacts after every append. Listing the shard's runs each time cost a LIST that grew with the ledger;
 * the index now lists them once and adds the runs it writes. It must still write exactly the merges that listing
 * every time writes, and lookups must still answer every entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompactionAfterEachAppendListsTheRunsOnceTest {
    private static final String SHARD = "0";
    private static final int ENTRIES = 1_200;
    private static final int BATCH = 7; // not a divisor of 16: runs straddle the merge blocks
    private S3ProxyServer s3;

    @BeforeAll
    void start() {
        s3 = S3ProxyServer.startInTempDir();
    }

    @AfterAll
    void stop() {
        s3.close();
    }

    @Test
    void theRunsAreListedOnceAndTheMergesAreThoseOfAFreshListing() throws Exception {
        List<LedgerEntry> entries = IndexBucket.entries(SHARD, 0, ENTRIES);
        IndexBucket kept = new IndexBucket(s3, "listed-once");
        CountingRunStore counted = kept.counting();
        LedgerIndex once = new LedgerIndex(counted, LedgerIndex.MAX_LEVEL);
        IndexBucket fresh = new IndexBucket(s3, "listed-every-time");
        LedgerIndex everyTime = new LedgerIndex(fresh.counting(), LedgerIndex.MAX_LEVEL);

        for (int at = 0; at < ENTRIES; at += BATCH) {
            int end = Math.min(ENTRIES, at + BATCH);
            once.writeRun(SHARD, at, entries.subList(at, end));
            once.compact(SHARD, end);
            everyTime.writeRun(SHARD, at, entries.subList(at, end));
            everyTime.relist(SHARD);
            everyTime.compact(SHARD, end);
        }

        assertThat(counted.lists.get()).as("LISTs over %d appends", (ENTRIES + BATCH - 1) / BATCH).isEqualTo(1);
        // the kept list is the maximal runs only: under 16 per level plus the appends past the last merged block
        assertThat(once.writerRunCount(SHARD)).isPositive().isLessThan(3 * 16);
        List<String> keys = kept.store.keys(LedgerLayout.indexPrefix(SHARD));
        assertThat(keys).anyMatch(k -> k.contains("/index/2/"))
                .isEqualTo(fresh.store.keys(LedgerLayout.indexPrefix(SHARD)));

        kept.commit(SHARD, ENTRIES);
        for (int i = 0; i < ENTRIES; i += 97) {
            String key = entries.get(i).key();
            assertThat(once.byKey(key)).contains(new LeafRef(SHARD, i))
                    .isEqualTo(IndexBucket.scan(java.util.Map.of(SHARD, entries), e -> List.of(e.key()), key));
        }
    }

    @Test
    void relistingAfterAReopenFindsRunsItDidNotWrite() throws Exception {
        List<LedgerEntry> entries = IndexBucket.entries(SHARD, 0, 512);
        IndexBucket bucket = new IndexBucket(s3, "reopened");
        LedgerIndex first = new LedgerIndex(bucket.counting(), LedgerIndex.MAX_LEVEL);
        first.compact(SHARD, 0); // knows the shard's (empty) run list from now on
        LedgerIndex other = new LedgerIndex(bucket.counting(), LedgerIndex.MAX_LEVEL);
        for (int at = 0; at < 256; at += 16) {
            other.writeRun(SHARD, at, entries.subList(at, at + 16)); // a predecessor's runs, unknown to `first`
        }

        first.compact(SHARD, 256);
        assertThat(bucket.store.keys(LedgerLayout.indexPrefix(SHARD) + "2/")).as("without a relist").isEmpty();

        first.relist(SHARD);
        first.compact(SHARD, 256);
        assertThat(bucket.store.keys(LedgerLayout.indexPrefix(SHARD) + "2/"))
                .containsExactly(new RunName(2, 0, 255).key(SHARD));
    }
}
