package org.evidencepipeline.ledger.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds entries by object key, post id, content hash, capture id and collection without one S3 object per entry: each
 * append writes one sorted run of postings under {@code ledger/<shard>/index/}, named by the leaf range it covers, and
 * runs are merged in deterministic steps, so a lookup reads a bounded number of objects. Runs may overlap after a
 * crash (the retried append writes a run over the same leaves); lookups drop the repeats and anything at or beyond the
 * committed size.
 */
public final class LedgerIndex {
    /** Highest merge level: blocks of 16^4 = 65,536 leaves. */
    static final int MAX_LEVEL = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<String> SHARDS = (a, b) -> {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
        if (na && nb) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    };

    private final RunStore store;
    private final RunReader reader;
    private final Compactor compactor;
    private final java.util.Map<String, ShardRuns> runsByShard = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The writer's side: each shard's runs as its one writer knows them, listed once and then kept up to date with the
     * runs it writes. Listing them at every append cost a LIST that grew with the ledger (1,000 keys per page).
     */
    private final java.util.Map<String, List<RunName>> writerRuns = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<String> shards;
    private final boolean cacheLookups;

    /** With lookup caches: each shard's runs listed once per committed size, small runs kept (they never change). */
    public LedgerIndex(ArchiveStore store) {
        this(new ArchiveRunStore(store), MAX_LEVEL, true);
    }

    /** Without lookup caches, so that a test counts the reads one lookup makes. */
    LedgerIndex(RunStore store, int maxLevel) {
        this(store, maxLevel, false);
    }

    LedgerIndex(RunStore store, int maxLevel, boolean cacheLookups) {
        this.store = store;
        this.reader = new RunReader(store, cacheLookups ? RunReader.CACHE_BYTES : 0);
        this.compactor = new Compactor(store, reader, maxLevel);
        this.cacheLookups = cacheLookups;
    }

    /** Writes the run for leaves {@code [firstLeaf, firstLeaf + entries.size())}; called before the append commits. */
    public void writeRun(String shard, long firstLeaf, List<LedgerEntry> entries) throws StorageException {
        if (entries.isEmpty()) {
            return;
        }
        Postings postings = new Postings();
        for (int i = 0; i < entries.size(); i++) {
            for (byte[] hash : LookupHash.of(entries.get(i))) {
                postings.add(hash, firstLeaf + i);
            }
        }
        RunName name = new RunName(0, firstLeaf, firstLeaf + entries.size() - 1);
        store.put(name.key(shard), RunFormat.encode(name, postings.block()));
        // written, so true even if this append never commits: runs are never deleted
        writerRuns.computeIfPresent(shard, (k, known) -> with(known, List.of(name)));
    }

    /**
     * Merges runs wholly below {@code committedSize} where a merge step is due; deterministic, safe to repeat. The
     * shard's runs are listed at the first call only (or after {@link #relist}); later calls use that list plus the
     * runs this index wrote since, so a shard must have one writer, as the ledger's trees do.
     */
    public void compact(String shard, long committedSize) throws StorageException {
        List<RunName> known = writerRuns.get(shard);
        if (known == null) {
            known = runs(shard);
        }
        List<RunName> merged = compactor.compact(shard, known, committedSize);
        // Only the maximal runs matter to the next merges (a merged run holds the postings of those inside it), so the
        // list stays at ~15 runs per level instead of growing with every append of a long-lived writer.
        writerRuns.put(shard, List.copyOf(RunSet.maximal(with(known, merged))));
    }

    private static List<RunName> with(List<RunName> runs, List<RunName> more) {
        List<RunName> all = new ArrayList<>(runs);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** How many runs the writer's list of a shard holds (0 when none is kept): for the test of its bound. */
    int writerRunCount(String shard) {
        List<RunName> known = writerRuns.get(shard);
        return known == null ? 0 : known.size();
    }

    /** Forgets the writer's list of a shard's runs, so the next {@link #compact} lists them again (after a reopen). */
    public void relist(String shard) {
        writerRuns.remove(shard);
    }

    public List<LeafRef> byKey(String objectKey) throws StorageException {
        return lookup(LookupHash.KEY, objectKey, this::committedSize);
    }

    /**
     * As {@link #byKey(String)}, with each shard's committed size taken from {@code committed} instead of a fresh read of
     * its {@code state.json}: a verify report looks up many keys against the ledger as it stood when the report began,
     * so it reads each commit point once, not once per key and shard.
     */
    public List<LeafRef> byKey(String objectKey, CommittedSizes committed) throws StorageException {
        return lookup(LookupHash.KEY, objectKey, committed);
    }

    /** Where a lookup learns a shard's committed tree size. */
    @FunctionalInterface
    public interface CommittedSizes {
        long of(String shard) throws StorageException;
    }

    public List<LeafRef> byPost(String postId) throws StorageException {
        return lookup(LookupHash.POST, postId, this::committedSize);
    }

    public List<LeafRef> bySha256(String sha256) throws StorageException {
        return lookup(LookupHash.SHA256, sha256, this::committedSize);
    }

    public List<LeafRef> byCapture(String captureId) throws StorageException {
        return lookup(LookupHash.CAPTURE, captureId, this::committedSize);
    }

    public List<LeafRef> byCollection(String collectionId) throws StorageException {
        return lookup(LookupHash.COLLECTION, collectionId, this::committedSize);
    }

    private List<LeafRef> lookup(char type, String value, CommittedSizes committed) throws StorageException {
        byte[] hash = LookupHash.of(type, value);
        List<String> known = cacheLookups ? shards : null;
        List<LeafRef> out = lookupIn(known == null ? listShards() : known, hash, committed);
        if (out.isEmpty() && known != null) {
            out = lookupIn(listShards(), hash, committed); // a shard may have appeared since the list was read
        }
        return out;
    }

    private List<String> listShards() throws StorageException {
        List<String> list = new ArrayList<>(store.children(LedgerLayout.root()));
        list.sort(SHARDS);
        shards = List.copyOf(list);
        return shards;
    }

    private List<LeafRef> lookupIn(List<String> shardList, byte[] hash, CommittedSizes sizes) throws StorageException {
        List<LeafRef> out = new ArrayList<>();
        for (String shard : shardList) {
            // the commit point first: every run of a committed leaf was written before it
            long committed = sizes.of(shard);
            if (committed == 0) {
                continue;
            }
            TreeSet<Long> leaves = new TreeSet<>();
            for (RunName run : maximalRuns(shard, committed)) {
                if (run.first() < committed) {
                    reader.find(shard, run, hash, leaf -> {
                        if (leaf < committed) {
                            leaves.add(leaf);
                        }
                    });
                }
            }
            leaves.forEach(leaf -> out.add(new LeafRef(shard, leaf)));
        }
        return out;
    }

    /**
     * The maximal runs of a shard, listed again only when its committed size moved: runs are never deleted, so the
     * runs listed at a committed size still cover every leaf below it (a verify of many objects lists each shard once).
     */
    private List<RunName> maximalRuns(String shard, long committed) throws StorageException {
        ShardRuns known = cacheLookups ? runsByShard.get(shard) : null;
        if (known != null && known.committed() == committed) {
            return known.maximal();
        }
        List<RunName> maximal = List.copyOf(RunSet.maximal(runs(shard)));
        runsByShard.put(shard, new ShardRuns(committed, maximal));
        return maximal;
    }

    private record ShardRuns(long committed, List<RunName> maximal) {
    }

    private List<RunName> runs(String shard) throws StorageException {
        List<RunName> runs = new ArrayList<>();
        for (String key : store.keys(LedgerLayout.indexPrefix(shard))) {
            RunName.parse(shard, key).ifPresent(runs::add);
        }
        return runs;
    }

    /** The committed tree size from {@code state.json} (0 when the shard has none yet). */
    private long committedSize(String shard) throws StorageException {
        Optional<byte[]> state = store.get(LedgerLayout.stateKey(shard));
        if (state.isEmpty()) {
            return 0;
        }
        try {
            JsonNode size = JSON.readTree(state.get()).get("size");
            if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
                throw new StorageException(LedgerLayout.stateKey(shard) + " has no tree size", null);
            }
            return size.asLong();
        } catch (IOException e) {
            throw new StorageException(LedgerLayout.stateKey(shard) + " is unreadable: " + e.getMessage(), e);
        }
    }
}
