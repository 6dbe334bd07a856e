package org.evidencepipeline.ledger.bag;

import java.util.List;

/**
 * {@code data/index.json}: what the bag holds and how it ties to the ledger. Bag paths are relative to the bag's top
 * directory ({@link BagLayout}).
 *
 * @param scope           what was exported ("collection c1", "post p1")
 * @param posts           the posts of that scope
 * @param objects         every archive object of those posts
 * @param checkpoints     every checkpoint an inclusion proof is against
 * @param consistency     consistency proofs from each checkpoint used to the newest one used of its shard
 * @param verifierKey     the note verifier key file, or null when the archive had none configured
 * @param tsaCertificates the pinned TSA certificate file, or null when the archive had none configured
 */
public record BagIndex(int version, String scope, List<String> posts, List<BagObject> objects, List<Checkpoint> checkpoints,
                       List<Consistency> consistency, String verifierKey, String tsaCertificates) {
    public static final int VERSION = 1;

    public BagIndex {
        posts = posts == null ? List.of() : List.copyOf(posts);
        objects = objects == null ? List.of() : List.copyOf(objects);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        consistency = consistency == null ? List.of() : List.copyOf(consistency);
    }

    /**
     * One archive object: {@code path} null when it was not in the archive at export ({@code missing}).
     *
     * @param kind    what it is (a {@code LedgerEntry} kind)
     * @param sha256  the SHA-256 the archive's records give it (its ledger entry's, else its provenance's)
     * @param entries its ledger entries (several for a fetch WARC: its own and each raw item's in it)
     */
    public record BagObject(String key, String path, String kind, String sha256, long size, boolean missing,
                            List<EntryRef> entries) {
        public BagObject {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    /** A ledger entry of an object: leaf {@code leaf} of shard {@code shard}; {@code proof}/{@code checkpoint} null when no checkpoint covers it yet. */
    public record EntryRef(String kind, String shard, long leaf, String entry, String proof, String checkpoint) {
    }

    /** A checkpoint used: the signed note and its token ({@code token} null when it was not time-stamped). */
    public record Checkpoint(String shard, long size, String note, String token) {
    }

    /** A consistency proof file. */
    public record Consistency(String shard, long oldSize, long newSize, String proof) {
    }
}
