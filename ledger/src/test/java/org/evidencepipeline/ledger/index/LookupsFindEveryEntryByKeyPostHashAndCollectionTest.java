package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries appended in several runs to three shards ("2" and "10" among them, so shard order is numeric) are each found
 * by object key, post id, SHA-256, capture id and every collection, across shards, exactly as a scan of all entries
 * finds them; values no entry has find nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookupsFindEveryEntryByKeyPostHashAndCollectionTest {
    private S3ProxyServer s3;
    private IndexBucket bucket;
    private LedgerIndex index;
    private final Map<String, List<LedgerEntry>> committed = new LinkedHashMap<>();

    @BeforeAll
    void appendToThreeShards() throws Exception {
        s3 = S3ProxyServer.startInTempDir();
        bucket = new IndexBucket(s3, "lookups");
        index = new LedgerIndex(bucket.store);
        int[][] runsPerShard = {{0, 7, 40, 41, 60}, {0, 1, 30}, {0, 24, 50}};
        String[] shards = {"0", "2", "10"};
        for (int s = 0; s < shards.length; s++) {
            int[] bounds = runsPerShard[s];
            for (int r = 0; r + 1 < bounds.length; r++) {
                index.writeRun(shards[s], bounds[r], IndexBucket.entries(shards[s], bounds[r], bounds[r + 1]));
            }
            long size = bounds[bounds.length - 1];
            bucket.commit(shards[s], size);
            committed.put(shards[s], IndexBucket.entries(shards[s], 0, size));
        }
        // the same object key and hash in two shards: a lookup returns both, shard by shard
        LedgerEntry shared = LedgerEntry.of(LedgerEntry.MEDIA, "sha256/shared", IndexBucket.sha256("shared"), 5, "cap-shared",
                null, null, List.of("c-shared"), java.time.Instant.parse("2026-12-02T09:00:00Z"), null);
        for (String shard : List.of("10", "2")) {
            long next = committed.get(shard).size();
            index.writeRun(shard, next, List.of(shared));
            bucket.commit(shard, next + 1);
            committed.put(shard, new java.util.ArrayList<>(committed.get(shard)));
            committed.get(shard).add(shared);
        }
    }

    @AfterAll
    void stop() {
        s3.close();
    }

    @Test
    void everyEntryIsFoundByItsObjectKeyPostHashAndCapture() throws Exception {
        // every distinct value of each field (each entry has at least one), against a scan of all entries
        Map<String, Function<LedgerEntry, List<String>>> fields = new LinkedHashMap<>();
        fields.put("key", x -> List.of(x.key()));
        fields.put("post", x -> nullable(x.postId()));
        fields.put("sha256", x -> List.of(x.sha256()));
        fields.put("capture", x -> nullable(x.captureId()));
        Set<LeafRef> reached = new HashSet<>();
        for (Map.Entry<String, Function<LedgerEntry, List<String>>> field : fields.entrySet()) {
            Set<String> values = new TreeSet<>();
            committed.values().forEach(entries -> entries.forEach(e -> values.addAll(field.getValue().apply(e))));
            for (String value : values) {
                List<LeafRef> found = lookup(field.getKey(), value);
                assertThat(found).as(field.getKey() + " " + value)
                        .isEqualTo(IndexBucket.scan(committed, field.getValue(), value)).isNotEmpty();
                reached.addAll(found);
            }
        }
        long total = committed.values().stream().mapToLong(List::size).sum();
        assertThat(reached).hasSize((int) total);
    }

    private List<LeafRef> lookup(String field, String value) throws Exception {
        switch (field) {
            case "key":
                return index.byKey(value);
            case "post":
                return index.byPost(value);
            case "sha256":
                return index.bySha256(value);
            default:
                return index.byCapture(value);
        }
    }

    @Test
    void aCollectionFindsEveryEntryCaughtByItInEveryShardInShardThenLeafOrder() throws Exception {
        for (String collection : List.of("c-0", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-all", "c-shared")) {
            List<LeafRef> found = index.byCollection(collection);
            assertThat(found).isEqualTo(IndexBucket.scan(committed, LedgerEntry::collectionIds, collection)).isNotEmpty();
        }
        List<LeafRef> shared = index.byCollection("c-shared");
        assertThat(shared).containsExactly(new LeafRef("2", 30), new LeafRef("10", 50));
        assertThat(index.byKey("sha256/shared")).containsExactly(new LeafRef("2", 30), new LeafRef("10", 50));
    }

    @Test
    void aHashIsFoundWhicheverCaseItIsWrittenIn() throws Exception {
        String sha = IndexBucket.sha256("blob-3");
        assertThat(index.bySha256(sha.toUpperCase(Locale.ROOT))).isEqualTo(index.bySha256(sha)).hasSizeGreaterThan(1);
    }

    @Test
    void valuesNoEntryHasFindNothingAndTypesDoNotMix() throws Exception {
        assertThat(index.byKey("posts/0/does-not-exist.json")).isEmpty();
        assertThat(index.byPost("at://did:plc:9/post/1")).isEmpty();
        assertThat(index.bySha256(IndexBucket.sha256("never stored"))).isEmpty();
        assertThat(index.byCapture("prov-0-0")).isEmpty(); // leaf 0 is a post without a capture id
        assertThat(index.byCollection("c-none")).isEmpty();
        // a post id is not an object key nor a capture id: the lookup type is part of what is hashed
        String post = committed.get("0").get(0).postId();
        assertThat(index.byKey(post)).isEmpty();
        assertThat(index.byCapture(post)).isEmpty();
    }

    private static List<String> nullable(String s) {
        return s == null ? List.of() : List.of(s);
    }
}
