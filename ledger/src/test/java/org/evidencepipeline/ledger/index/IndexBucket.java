package org.evidencepipeline.ledger.index;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A bucket of a real S3Proxy for the index tests, with synthetic entries and a way to move a shard's commit point. */
final class IndexBucket {
    final ArchiveStore store;

    IndexBucket(S3ProxyServer s3, String bucket) throws StorageException {
        store = new ArchiveStore(MinioClient.builder().endpoint(s3.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), bucket);
        store.ensureBucket();
    }

    /** An index over this bucket whose requests are counted. */
    CountingRunStore counting() {
        return new CountingRunStore(new ArchiveRunStore(store));
    }

    /** Moves the shard's commit point, as the writer's state.json would. */
    void commit(String shard, long size) throws StorageException {
        store.putBytes(LedgerLayout.stateKey(shard), ("{\"shard\":\"" + shard + "\",\"size\":" + size
                + ",\"rootHash\":\"AAAA\",\"nextOffset\":" + size + ",\"checkpointSize\":0}").getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    /**
     * Synthetic entries for leaves {@code [from, to)} of a shard: four per post (raw item, post, provenance with a
     * capture id, media without a post), contents shared between some entries, one to three collections or none.
     */
    static List<LedgerEntry> entries(String shard, long from, long to) {
        List<LedgerEntry> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(entry(shard, i));
        }
        return out;
    }

    static LedgerEntry entry(String shard, long i) {
        String post = "at://did:plc:" + shard + "/post/" + (i / 4);
        String sha = sha256("blob-" + (i % 97)); // repeated contents: one hash, many leaves
        List<String> collections = i % 5 == 0 ? List.of() : i % 3 == 0 ? List.of("c-" + (i % 7), "c-all") : List.of("c-" + (i % 7));
        Instant t = Instant.parse("2026-12-02T08:00:00Z").plusSeconds(i);
        switch ((int) (i % 4)) {
            case 0:
                return LedgerEntry.of(LedgerEntry.POST, "posts/" + shard + "/" + i + ".json", sha, 100 + i, null, post, 1,
                        collections, t, null);
            case 1:
                return LedgerEntry.of(LedgerEntry.POST_PROVENANCE, "provenance/posts/" + shard + "-" + i + ".json", sha, 200,
                        "prov-" + shard + "-" + i, post, 1, collections, t, null);
            case 2:
                return new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.RAW_ITEM, "fetches/" + shard + "/" + (i / 40) + ".warc.gz",
                        sha, 50, null, post, 1, collections, t, null, new LedgerEntry.Within("urn:uuid:" + i, i, 50));
            default:
                return LedgerEntry.of(LedgerEntry.MEDIA, "sha256/" + sha, sha, 1000, "media-" + (i / 8), null, null, collections, t, null);
        }
    }

    /** The answer a scan of every committed entry gives: the leaves whose {@code field} values include {@code value}. */
    static List<LeafRef> scan(Map<String, List<LedgerEntry>> committedByShard, Function<LedgerEntry, List<String>> field, String value) {
        List<LeafRef> out = new ArrayList<>();
        committedByShard.keySet().stream().sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).forEach(shard -> {
            List<LedgerEntry> entries = committedByShard.get(shard);
            for (int i = 0; i < entries.size(); i++) {
                if (field.apply(entries.get(i)).contains(value)) {
                    out.add(new LeafRef(shard, i));
                }
            }
        });
        return out;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
