package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.merkle.ConsistencyProof;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.ledger.tiles.LedgerReader;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.evidencepipeline.ledger.tiles.TileReadException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./pipeline verify --ledger}: audits every shard of the custody ledger from the bucket alone. For each shard:
 * every stored checkpoint's signature (configured key, origin, size) and token (pinned TSA); a consistency proof
 * between each consecutive pair of checkpoints and from each to the committed tree; the tree rebuilt from the entry
 * bundles equals the hash tiles leaf by leaf, the committed root and every checkpoint's root; and every entry's object
 * exists, re-hashes (streamed; a raw item: its range of the WARC record's payload) to the entry's SHA-256 and size, and
 * is still the version the entry recorded. Every failure is named with its shard, leaf or checkpoint.
 */
public final class LedgerAudit {
    /** Leaves per read of the entry bundles: one full bundle. */
    private static final int CHUNK = 256;
    /** Failures of one kind listed per shard before the rest are counted. */
    private static final int MAX_LISTED = 20;
    private final ArchiveStore store;
    private final LedgerReader reader;
    private final LedgerCheck checks;

    public LedgerAudit(ArchiveStore store, LedgerTrust trust) {
        this.store = store;
        this.reader = new LedgerReader(store);
        this.checks = new LedgerCheck(store, trust);
    }

    /** One shard's audit: what held and what failed. */
    public record ShardReport(String shard, long size, int checkpoints, List<String> passed, List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    public record Report(List<ShardReport> shards) {
        public boolean ok() {
            return !shards.isEmpty() && shards.stream().allMatch(ShardReport::ok);
        }

        public long entries() {
            return shards.stream().mapToLong(ShardReport::size).sum();
        }

        public int failures() {
            return shards.stream().mapToInt(s -> s.failures().size()).sum();
        }
    }

    public Report run() throws StorageException {
        List<ShardReport> out = new ArrayList<>();
        for (String shard : reader.shards()) {
            out.add(shard(shard));
        }
        return new Report(out);
    }

    ShardReport shard(String shard) throws StorageException {
        List<String> passed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        LedgerState state = reader.state(shard).orElse(null);
        if (state == null) {
            return new ShardReport(shard, 0, 0, passed, List.of("shard " + shard + " has no committed state"));
        }
        List<StoredCheckpoint> checkpoints = reader.checkpoints(shard);
        List<Signed> signed = checkCheckpoints(shard, state, checkpoints, passed, failures);
        checkConsistency(shard, state, signed, passed, failures);
        Map<String, List<Leaf>> byKey = checkTree(shard, state, signed, passed, failures);
        if (byKey != null) {
            checkObjects(shard, byKey, passed, failures);
        }
        return new ShardReport(shard, state.size(), checkpoints.size(), passed, failures);
    }

    private record Signed(StoredCheckpoint stored, byte[] root, boolean stamped) {
    }

    private record Leaf(long index, LedgerEntry entry) {
    }

    private List<Signed> checkCheckpoints(String shard, LedgerState state, List<StoredCheckpoint> checkpoints, List<String> passed,
                                          List<String> failures) {
        List<Signed> signed = new ArrayList<>();
        long stampedUpTo = 0;
        List<Long> unstamped = new ArrayList<>();
        for (StoredCheckpoint cp : checkpoints) {
            String name = "checkpoint " + cp.size() + " (" + cp.noteKey() + ")";
            LedgerCheck.CheckpointResult r = checks.checkpoint(cp);
            if (r.status() == VerifyStatus.NOT_CHECKPOINTED || r.status() == VerifyStatus.BAD_CHECKPOINT && r.checkpoint() == null) {
                failures.add(r.status() + " " + name + ": " + r.detail());
                continue;
            }
            if (r.status() == VerifyStatus.BAD_CHECKPOINT) {
                failures.add(r.status() + " " + name + ": " + r.detail());
            }
            if (cp.size() > state.size()) {
                failures.add("LEDGER_MISMATCH " + name + " is signed for " + cp.size() + " leaves but the committed tree has "
                        + state.size() + ": entries were lost");
            }
            boolean stamped = r.status() == VerifyStatus.OK;
            if (stamped) {
                stampedUpTo = Math.max(stampedUpTo, cp.size());
                passed.add(name + ": signed, " + r.detail());
            } else if (r.status() == VerifyStatus.NOT_TIME_STAMPED) {
                unstamped.add(cp.size());
            }
            signed.add(new Signed(cp, r.checkpoint().rootHash(), stamped));
        }
        for (long size : unstamped) {
            if (size > stampedUpTo) {
                failures.add("NOT_TIME_STAMPED checkpoint " + size + " is signed but not time-stamped, and no later stamped checkpoint covers it");
            } else {
                passed.add("checkpoint " + size + ": signed, not time-stamped (covered by stamped checkpoint " + stampedUpTo + ")");
            }
        }
        if (state.size() > stampedUpTo) {
            failures.add((checkpoints.isEmpty() ? "NOT_CHECKPOINTED" : "NOT_TIME_STAMPED") + " leaves [" + stampedUpTo + ", "
                    + state.size() + ") of shard " + shard + " are under no signed, time-stamped checkpoint");
        }
        return signed;
    }

    private void checkConsistency(String shard, LedgerState state, List<Signed> signed, List<String> passed, List<String> failures)
            throws StorageException {
        int proofs = 0;
        for (int i = 0; i < signed.size(); i++) {
            Signed a = signed.get(i);
            if (a.stored().size() < 1 || a.stored().size() > state.size()) {
                continue;
            }
            if (i + 1 < signed.size()) {
                Signed b = signed.get(i + 1);
                if (b.stored().size() <= state.size()) {
                    proofs += consistent(shard, a.stored().size(), a.root(), b.stored().size(), b.root(),
                            "checkpoint " + b.stored().size(), failures);
                }
            }
            proofs += consistent(shard, a.stored().size(), a.root(), state.size(), state.rootHash(), "the committed tree", failures);
        }
        if (proofs > 0) {
            passed.add(proofs + " consistency proof(s) between consecutive checkpoints and from each to the committed tree of "
                    + state.size() + " hold");
        }
    }

    private int consistent(String shard, long oldSize, byte[] oldRoot, long newSize, byte[] newRoot, String to, List<String> failures)
            throws StorageException {
        try {
            ConsistencyProof p = reader.consistency(shard, oldSize, newSize);
            if (!p.verify(oldRoot, newRoot)) {
                failures.add("LEDGER_MISMATCH checkpoint " + oldSize + " is not a prefix of " + to + " (size " + newSize
                        + "): the consistency proof fails");
                return 0;
            }
            return 1;
        } catch (TileReadException e) {
            throw new StorageException(e.getMessage(), e);
        } catch (RuntimeException e) {
            failures.add("LEDGER_MISMATCH no consistency proof from " + oldSize + " to " + to + " (size " + newSize + "): " + e.getMessage());
            return 0;
        }
    }

    /** Rebuilds the tree from the entry bundles; returns the entries by object key, or null when they cannot be read. */
    private Map<String, List<Leaf>> checkTree(String shard, LedgerState state, List<Signed> signed, List<String> passed,
                                              List<String> failures) throws StorageException {
        LeafList leaves = new LeafList();
        Map<String, List<Leaf>> byKey = new TreeMap<>();
        Merkle.NodeSource tiles = reader.nodes(shard, state.size());
        int bad = 0;
        for (long from = 0; from < state.size(); from += CHUNK) {
            long to = Math.min(state.size(), from + CHUNK);
            List<byte[]> bundle;
            try {
                bundle = reader.entryBytes(shard, from, to);
            } catch (TileReadException e) {
                throw new StorageException(e.getMessage(), e);
            } catch (RuntimeException e) {
                failures.add("LEDGER_MISMATCH entries [" + from + ", " + to + ") of shard " + shard + " cannot be read: " + e.getMessage());
                return null;
            }
            if (bundle.size() != to - from) {
                failures.add("LEDGER_MISMATCH the entry bundle of leaves [" + from + ", " + to + ") holds " + bundle.size() + " entries");
                return null;
            }
            for (int i = 0; i < bundle.size(); i++) {
                long index = from + i;
                byte[] leaf = Merkle.leafHash(bundle.get(i));
                leaves.add(leaf);
                String fault = null;
                try {
                    LedgerEntry e = LedgerEntryCodec.parse(bundle.get(i));
                    byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(new Leaf(index, e));
                } catch (IllegalArgumentException e) {
                    fault = "holds no canonical ledger entry (" + e.getMessage() + ")";
                }
                if (fault == null) {
                    try {
                        if (!Arrays.equals(leaf, tiles.node(0, index))) {
                            fault = "its entry's leaf hash differs from the hash tile's: the entry changed";
                        }
                    } catch (TileReadException e) {
                        throw new StorageException(e.getMessage(), e);
                    } catch (RuntimeException e) {
                        fault = "has no leaf hash in the tiles (" + e.getMessage() + ")";
                    }
                }
                if (fault != null && bad++ < MAX_LISTED) {
                    failures.add("LEDGER_MISMATCH shard " + shard + " leaf " + index + " " + fault);
                }
            }
        }
        if (bad > MAX_LISTED) {
            failures.add("LEDGER_MISMATCH ... and " + (bad - MAX_LISTED) + " more leaves of shard " + shard);
        }
        byte[] rebuilt = Merkle.root(leaves, state.size());
        byte[] fromTiles;
        try {
            fromTiles = Merkle.root(tiles, state.size());
        } catch (RuntimeException e) {
            fromTiles = null;
        }
        boolean treeOk = Arrays.equals(rebuilt, state.rootHash()) && Arrays.equals(fromTiles, state.rootHash());
        if (!Arrays.equals(rebuilt, state.rootHash())) {
            failures.add("LEDGER_MISMATCH the tree rebuilt from the " + state.size() + " entries has root " + b64(rebuilt)
                    + ", the committed root is " + b64(state.rootHash()));
        }
        if (!Arrays.equals(fromTiles, state.rootHash())) {
            failures.add("LEDGER_MISMATCH the hash tiles give root " + (fromTiles == null ? "none" : b64(fromTiles))
                    + ", the committed root is " + b64(state.rootHash()));
        }
        for (Signed s : signed) {
            if (s.stored().size() <= state.size() && !Arrays.equals(Merkle.root(leaves, s.stored().size()), s.root())) {
                treeOk = false;
                failures.add("LEDGER_MISMATCH the first " + s.stored().size() + " entries do not hash to the root checkpoint "
                        + s.stored().size() + " signs");
            }
        }
        if (treeOk && bad == 0) {
            passed.add("the tree rebuilt from " + state.size() + " entries equals the hash tiles, the committed root "
                    + b64(state.rootHash()) + " and every checkpoint's root");
        }
        return byKey;
    }

    private void checkObjects(String shard, Map<String, List<Leaf>> byKey, List<String> passed, List<String> failures)
            throws StorageException {
        int bad = 0;
        long entries = 0;
        for (Map.Entry<String, List<Leaf>> k : byKey.entrySet()) {
            List<String> faults = new ArrayList<>();
            ObjectRehash.Result r = ObjectRehash.of(store, k.getKey(), k.getValue().stream().map(l -> l.entry().within())
                    .filter(w -> w != null).toList());
            for (Leaf leaf : k.getValue()) {
                entries++;
                LedgerEntry e = leaf.entry();
                String name = "shard " + shard + " leaf " + leaf.index() + " (" + e.kind() + " " + e.key()
                        + (e.within() == null ? "" : " [" + e.within().offset() + ", +" + e.within().length() + ") of " + e.within().warcRecordId())
                        + ")";
                if (!r.present()) {
                    faults.add("MISSING " + name + ": the object is not in the archive");
                    continue;
                }
                String sha;
                long size;
                if (e.within() != null) {
                    ObjectRehash.Range range = r.ranges().get(e.within());
                    if (range == null || range.fault() != null) {
                        faults.add("MISMATCH " + name + ": " + (range == null ? "the range could not be read" : range.fault()));
                        continue;
                    }
                    sha = range.sha256();
                    size = range.size();
                } else {
                    sha = r.sha256();
                    size = r.size();
                }
                if (!sha.equals(e.sha256()) || size != e.size()) {
                    faults.add("MISMATCH " + name + ": hashes to " + sha + " (" + size + " bytes), the entry states " + e.sha256()
                            + " (" + e.size() + " bytes)");
                } else if (e.versionId() != null && !e.versionId().equals(r.versionId())) {
                    faults.add("REPLACED " + name + ": the ledger recorded version " + e.versionId() + ", the current version is "
                            + (r.versionId() == null ? "none" : r.versionId()));
                }
            }
            for (String f : faults) {
                if (bad++ < MAX_LISTED) {
                    failures.add(f);
                }
            }
        }
        if (bad > MAX_LISTED) {
            failures.add("... and " + (bad - MAX_LISTED) + " more objects of shard " + shard);
        }
        if (bad == 0) {
            passed.add(entries + " entries' objects (" + byKey.size() + " keys) exist, re-hash to their entries and are the"
                    + " versions recorded");
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
