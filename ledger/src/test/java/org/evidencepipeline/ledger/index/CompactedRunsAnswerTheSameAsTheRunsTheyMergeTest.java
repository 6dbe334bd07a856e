package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of entries appended in hundreds of small runs: after compaction every lookup answers exactly as before
 * (and as a scan of the entries), while reading a small fraction of the objects; compacting again writes nothing; a
 * merged run is the same bytes whichever runs it was merged from; and appends after a compaction are merged in turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompactedRunsAnswerTheSameAsTheRunsTheyMergeTest {
    private static final String SHARD = "0";
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
    void compactionKeepsEveryAnswerAndCutsTheObjectsALookupReads() throws Exception {
        {
            IndexBucket bucket = new IndexBucket(s3, "compaction");
            CountingRunStore counted = bucket.counting();
            LedgerIndex index = new LedgerIndex(counted, LedgerIndex.MAX_LEVEL);
            List<LedgerEntry> entries = IndexBucket.entries(SHARD, 0, 2500);
            int runs = append(index, SHARD, entries, 0, 2000, new Random(16));
            bucket.commit(SHARD, 2000);
            assertThat(runs).isGreaterThan(150);

            Map<String, List<LeafRef>> before = answers(index, entries.subList(0, 2000));
            assertThat(before).isEqualTo(scan(entries.subList(0, 2000)));
            long getsBefore = gets(counted, index);

            counted.reset();
            index.compact(SHARD, 2000);
            List<String> keys = bucket.store.keys(LedgerLayout.indexPrefix(SHARD));
            assertThat(keys).anyMatch(k -> k.contains("/index/1/")).anyMatch(k -> k.contains("/index/2/"))
                    .contains(LedgerLayout.indexPrefix(SHARD) + "2/00000000000000001536-00000000000000001791");
            assertThat(counted.puts.get()).isGreaterThan(100);

            Map<String, List<LeafRef>> after = answers(index, entries.subList(0, 2000));
            assertThat(after).isEqualTo(before);
            long getsAfter = gets(counted, index);
            // per lookup: state.json, under 16 runs each of levels 2 and 1, and the appends' runs past the last 16-leaf block
            assertThat(getsAfter).isLessThan(getsBefore / 5).isLessThanOrEqualTo(queries(entries).size() * (1 + 2 * 16 + 20L));

            counted.reset();
            index.compact(SHARD, 2000);
            assertThat(counted.puts.get()).as("compacting again writes nothing").isZero();

            // later appends are merged in turn, and still answer like a scan
            append(index, SHARD, entries, 2000, 2500, new Random(17));
            bucket.commit(SHARD, 2500);
            index.compact(SHARD, 2500);
            assertThat(answers(index, entries)).isEqualTo(scan(entries));
        }
    }

    @Test
    void aMergedRunIsTheSameBytesWhicheverRunsItWasMergedFrom() throws Exception {
        {
            IndexBucket bucket = new IndexBucket(s3, "determinism");
            LedgerIndex index = new LedgerIndex(bucket.store);
            List<LedgerEntry> entries = IndexBucket.entries(SHARD, 0, 600);
            append(index, "0", entries, 0, 600, new Random(1));
            append(index, "1", entries, 0, 600, new Random(2));
            bucket.commit("0", 600);
            bucket.commit("1", 600);
            index.compact("0", 600);
            index.compact("1", 600);
            RunName block = new RunName(2, 256, 511);
            byte[] a = bucket.store.get(block.key("0")).orElseThrow();
            byte[] b = bucket.store.get(block.key("1")).orElseThrow();
            assertThat(a).isEqualTo(b);
            assertThat(bucket.store.keys(LedgerLayout.indexPrefix("0") + "0/"))
                    .isNotEqualTo(bucket.store.keys(LedgerLayout.indexPrefix("1") + "0/").stream()
                            .map(k -> k.replace("ledger/1/", "ledger/0/")).toList());
        }
    }

    /** Appends leaves {@code [from, to)} in runs of 1 to 20 entries; returns how many runs. */
    private static int append(LedgerIndex index, String shard, List<LedgerEntry> entries, int from, int to, Random sizes)
            throws Exception {
        int runs = 0;
        for (int at = from; at < to; runs++) {
            int end = Math.min(to, at + 1 + sizes.nextInt(20));
            index.writeRun(shard, at, entries.subList(at, end));
            at = end;
        }
        return runs;
    }

    private static Map<String, Function<LedgerEntry, List<String>>> fields() {
        Map<String, Function<LedgerEntry, List<String>>> f = new LinkedHashMap<>();
        f.put("key", e -> List.of(e.key()));
        f.put("post", e -> e.postId() == null ? List.of() : List.of(e.postId()));
        f.put("sha256", e -> List.of(e.sha256()));
        f.put("capture", e -> e.captureId() == null ? List.of() : List.of(e.captureId()));
        f.put("collection", LedgerEntry::collectionIds);
        return f;
    }

    /** A handful of lookups of every type, some with one leaf, some with hundreds. */
    private static List<String[]> queries(List<LedgerEntry> entries) {
        List<String[]> q = new ArrayList<>();
        q.add(new String[]{"key", entries.get(1234).key()});
        q.add(new String[]{"post", entries.get(1998).postId()});
        q.add(new String[]{"sha256", IndexBucket.sha256("blob-5")});
        q.add(new String[]{"capture", "media-100"});
        q.add(new String[]{"collection", "c-3"});
        q.add(new String[]{"collection", "c-all"});
        return q;
    }

    private static Map<String, List<LeafRef>> answers(LedgerIndex index, List<LedgerEntry> entries) throws Exception {
        Map<String, List<LeafRef>> out = new LinkedHashMap<>();
        for (String[] q : queries(entries)) {
            out.put(q[0] + " " + q[1], lookup(index, q[0], q[1]));
        }
        assertThat(out.values()).allSatisfy(r -> assertThat(r).isNotEmpty());
        assertThat(out.get("collection c-3")).hasSizeGreaterThan(200);
        return out;
    }

    private static Map<String, List<LeafRef>> scan(List<LedgerEntry> entries) {
        Map<String, List<LeafRef>> out = new LinkedHashMap<>();
        for (String[] q : queries(entries)) {
            out.put(q[0] + " " + q[1], IndexBucket.scan(Map.of(SHARD, entries), fields().get(q[0]), q[1]));
        }
        return out;
    }

    private static long gets(CountingRunStore counted, LedgerIndex index) throws Exception {
        counted.reset();
        for (String[] q : queries(IndexBucket.entries(SHARD, 0, 2000))) {
            lookup(index, q[0], q[1]);
        }
        return counted.gets.get();
    }

    private static List<LeafRef> lookup(LedgerIndex index, String type, String value) throws Exception {
        switch (type) {
            case "key":
                return index.byKey(value);
            case "post":
                return index.byPost(value);
            case "sha256":
                return index.bySha256(value);
            case "capture":
                return index.byCapture(value);
            default:
                return index.byCollection(value);
        }
    }
}
