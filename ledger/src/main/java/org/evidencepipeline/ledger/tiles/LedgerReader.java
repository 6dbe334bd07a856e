package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.LruMap;
import org.evidencepipeline.ledger.merkle.ConsistencyProof;
import org.evidencepipeline.ledger.merkle.InclusionProof;
import org.evidencepipeline.ledger.merkle.Merkle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashSet;

/**
 * Reads shards from the archive bucket: entries, tile-backed proofs and stored checkpoints. Holds no state between
 * calls. Tiles are read at the width the asked-for tree size implies; a tile that has since grown (a wider partial, or
 * the full tile) serves as well, because a tile's prefix never changes.
 *
 * @see LedgerIntegrityException thrown where the stored objects are missing or malformed
 */
public final class LedgerReader {
    /** Tiles kept per {@link #nodes} source: a proof touches at most two tiles per tile level. */
    private static final int TILE_CACHE = 64;

    private final ArchiveStore store;

    public LedgerReader(ArchiveStore store) {
        this.store = store;
    }

    /** Shards with a committed state, in order (numerically, as partition numbers). */
    public List<String> shards() throws StorageException {
        List<String> out = new ArrayList<>();
        for (String p : store.prefixes(LedgerLayout.root())) {
            String shard = p.substring(LedgerLayout.root().length(), p.length() - 1);
            if (!shard.isEmpty() && store.exists(LedgerLayout.stateKey(shard))) {
                out.add(shard);
            }
        }
        out.sort(SHARD_ORDER);
        return out;
    }

    private static final Comparator<String> SHARD_ORDER = (a, b) -> {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    };

    public Optional<LedgerState> state(String shard) throws StorageException {
        String key = LedgerLayout.stateKey(shard);
        return store.get(key).map(b -> LedgerStateJson.parse(b, key));
    }

    /** Entry {@code index}, as its canonical bytes (what the leaf hash is over). */
    public byte[] entryBytes(String shard, long index) throws StorageException {
        return entryBytes(shard, index, index + 1).get(0);
    }

    public LedgerEntry entry(String shard, long index) throws StorageException {
        return parse(entryBytes(shard, index), shard, index);
    }

    /** Entries {@code [from, to)} as canonical bytes, read a bundle at a time. */
    public List<byte[]> entryBytes(String shard, long from, long to) throws StorageException {
        long size = committedSize(shard);
        if (from < 0 || from > to || to > size) {
            throw new IllegalArgumentException("entries [" + from + ", " + to + ") are not in shard " + shard + " of " + size + " leaves");
        }
        List<byte[]> out = new ArrayList<>((int) Math.min(to - from, 1 << 16));
        for (long b = from / LedgerLayout.TILE_WIDTH; b * LedgerLayout.TILE_WIDTH < to; b++) {
            int width = TileNodes.width(size, 0, b);
            List<byte[]> bundle = bundle(shard, b, width);
            long first = b * LedgerLayout.TILE_WIDTH;
            for (int i = (int) Math.max(0, from - first); i < width && first + i < to; i++) {
                out.add(bundle.get(i));
            }
        }
        return out;
    }

    /** Entries {@code [from, to)}, parsed. */
    public List<LedgerEntry> entries(String shard, long from, long to) throws StorageException {
        List<byte[]> raw = entryBytes(shard, from, to);
        List<LedgerEntry> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(parse(raw.get(i), shard, from + i));
        }
        return out;
    }

    /**
     * Perfect-subtree hashes from the hash tiles, for trees up to {@code treeSize}, with a small cache of the tiles
     * read. Its {@code node} throws {@link TileReadException} when the bucket cannot be read and
     * {@link LedgerIntegrityException} when a tile is missing or short.
     */
    public Merkle.NodeSource nodes(String shard, long treeSize) {
        Map<String, List<byte[]>> cache = new LruMap<>(TILE_CACHE);
        return new TileNodes(treeSize, (level, tile, width) -> {
            String key = LedgerLayout.tileKey(shard, level, tile, width);
            List<byte[]> hashes = cache.get(key);
            if (hashes == null) {
                try {
                    hashes = readTile(shard, level, tile, width);
                } catch (StorageException e) {
                    throw new TileReadException(e);
                }
                cache.put(key, hashes);
            }
            return hashes;
        });
    }

    public InclusionProof inclusion(String shard, long index, long treeSize) throws StorageException {
        return snapshot().inclusion(shard, index, treeSize);
    }

    public ConsistencyProof consistency(String shard, long oldSize, long newSize) throws StorageException {
        try {
            return new ConsistencyProof(shard, oldSize, newSize, Merkle.consistencyPath(nodes(shard, newSize), oldSize, newSize));
        } catch (TileReadException e) {
            throw e.getCause();
        }
    }

    /** The root of the shard's tree of {@code treeSize} leaves, from its tiles. */
    public byte[] root(String shard, long treeSize) throws StorageException {
        try {
            return Merkle.root(nodes(shard, treeSize), treeSize);
        } catch (TileReadException e) {
            throw e.getCause();
        }
    }

    /** The checkpoint the commit point names ({@code state.json}'s checkpointSize), if any. */
    public Optional<StoredCheckpoint> latestCheckpoint(String shard) throws StorageException {
        Optional<LedgerState> s = state(shard);
        if (s.isEmpty() || s.get().checkpointSize() == 0) {
            return Optional.empty();
        }
        return Optional.of(checkpoint(shard, s.get().checkpointSize(), null));
    }

    /** Every stored checkpoint of the shard, smallest size first. */
    public List<StoredCheckpoint> checkpoints(String shard) throws StorageException {
        Map<Long, Boolean> listed = listCheckpoints(shard);
        List<StoredCheckpoint> out = new ArrayList<>(listed.size());
        for (Map.Entry<Long, Boolean> e : listed.entrySet()) {
            out.add(checkpoint(shard, e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The smallest stored checkpoint that covers leaf {@code index} (size > index). */
    public Optional<StoredCheckpoint> checkpointCovering(String shard, long index) throws StorageException {
        return snapshot().checkpointCovering(shard, index);
    }

    /** Sizes of the stored checkpoints, in order, each with whether a token was listed beside it. */
    private Map<Long, Boolean> listCheckpoints(String shard) throws StorageException {
        String prefix = LedgerLayout.checkpointHistoryPrefix(shard);
        TreeMap<Long, Boolean> sizes = new TreeMap<>();
        Set<Long> tokens = new HashSet<>();
        for (String key : store.keys(prefix)) {
            String name = key.substring(prefix.length());
            boolean token = name.endsWith(".tsr");
            String digits = token ? name.substring(0, name.length() - 4) : name;
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
                continue; // not ours
            }
            long size = Long.parseLong(digits);
            if (token) {
                tokens.add(size);
            } else {
                sizes.put(size, false);
            }
        }
        tokens.forEach(t -> sizes.computeIfPresent(t, (k, v) -> true));
        return sizes;
    }

    /** @param tokenListed whether the token is known to exist (null: not known, look) */
    private StoredCheckpoint checkpoint(String shard, long size, Boolean tokenListed) throws StorageException {
        String noteKey = LedgerLayout.checkpointHistoryKey(shard, size);
        String tokenKey = LedgerLayout.checkpointTokenKey(shard, size);
        byte[] note = store.get(noteKey).orElseThrow(() -> new LedgerIntegrityException("missing checkpoint " + noteKey));
        byte[] token = Boolean.FALSE.equals(tokenListed) ? null : store.get(tokenKey).orElse(null);
        return new StoredCheckpoint(shard, size, note, noteKey, token, tokenKey);
    }

    private long committedSize(String shard) throws StorageException {
        return state(shard).map(LedgerState::size).orElse(0L);
    }

    /** Bundle {@code b} at {@code width}; a grown one (the full bundle) has the same entries first. */
    private List<byte[]> bundle(String shard, long b, int width) throws StorageException {
        String key = LedgerLayout.entriesKey(shard, b, width);
        Optional<byte[]> raw = store.get(key);
        if (raw.isEmpty() && width < LedgerLayout.TILE_WIDTH) {
            raw = store.get(LedgerLayout.entriesKey(shard, b, LedgerLayout.TILE_WIDTH));
        }
        return TileCodec.parseBundle(raw.orElseThrow(() -> new LedgerIntegrityException("missing entry bundle " + key)), width, key);
    }

    private List<byte[]> readTile(String shard, int level, long tile, int width) throws StorageException {
        String key = LedgerLayout.tileKey(shard, level, tile, width);
        Optional<byte[]> raw = store.get(key);
        if (raw.isPresent()) {
            return TileCodec.parseHashes(raw.get(), width, key, true);
        }
        if (width < LedgerLayout.TILE_WIDTH) {
            String full = LedgerLayout.tileKey(shard, level, tile, LedgerLayout.TILE_WIDTH);
            Optional<byte[]> grown = store.get(full);
            if (grown.isPresent()) {
                return TileCodec.parseHashes(grown.get(), width, full, false);
            }
        }
        throw new LedgerIntegrityException("missing tile " + key);
    }

    /**
     * A view that reads each ledger object at most once (state, checkpoint listing and notes, entry bundles, tiles), for
     * one verify report: the report's objects mostly share bundles, tiles and checkpoints, and a report checks the
     * ledger as it stood when it began. Bounded; not thread-safe: one report, one thread. Never keep one across
     * reports: what changed in the bucket since would go unseen.
     */
    public Snapshot snapshot() {
        return new Snapshot();
    }

    public final class Snapshot {
        private static final int BUNDLES = 16;
        private static final int TREES = 8;
        private final Map<String, Optional<LedgerState>> states = new java.util.HashMap<>();
        private final Map<String, Map<Long, Boolean>> checkpointSizes = new java.util.HashMap<>();
        private final Map<String, StoredCheckpoint> checkpoints = new LruMap<>(256);
        private final Map<String, List<byte[]>> bundles = new LruMap<>(BUNDLES);
        private final Map<String, Merkle.NodeSource> trees = new LruMap<>(TREES);

        private Snapshot() {
        }

        public Optional<LedgerState> state(String shard) throws StorageException {
            Optional<LedgerState> known = states.get(shard);
            if (known == null) {
                known = LedgerReader.this.state(shard);
                states.put(shard, known);
            }
            return known;
        }

        /** The shard's committed size as this snapshot first saw it. */
        public long size(String shard) throws StorageException {
            return state(shard).map(LedgerState::size).orElse(0L);
        }

        /** Entry {@code index}, as its canonical bytes, within the tree as this snapshot first saw it. */
        public byte[] entryBytes(String shard, long index) throws StorageException {
            long size = state(shard).map(LedgerState::size).orElse(0L);
            if (index < 0 || index >= size) {
                throw new IllegalArgumentException("entry " + index + " is not in shard " + shard + " of " + size + " leaves");
            }
            long b = index / LedgerLayout.TILE_WIDTH;
            int width = TileNodes.width(size, 0, b);
            String key = shard + "/" + b + "/" + width;
            List<byte[]> bundle = bundles.get(key);
            if (bundle == null) {
                bundle = bundle(shard, b, width);
                bundles.put(key, bundle);
            }
            return bundle.get((int) (index - b * LedgerLayout.TILE_WIDTH));
        }

        /** The smallest stored checkpoint that covers leaf {@code index} (size > index). */
        public Optional<StoredCheckpoint> checkpointCovering(String shard, long index) throws StorageException {
            for (Map.Entry<Long, Boolean> e : sizes(shard).entrySet()) {
                if (e.getKey() > index) {
                    return Optional.of(checkpoint(shard, e.getKey(), e.getValue()));
                }
            }
            return Optional.empty();
        }

        /** The stored checkpoints larger than {@code size} that have a token, smallest first. */
        public List<StoredCheckpoint> stampedAfter(String shard, long size) throws StorageException {
            List<StoredCheckpoint> out = new ArrayList<>();
            for (Map.Entry<Long, Boolean> e : sizes(shard).entrySet()) {
                if (e.getKey() > size && e.getValue()) {
                    out.add(checkpoint(shard, e.getKey(), true));
                }
            }
            return out;
        }

        public InclusionProof inclusion(String shard, long index, long treeSize) throws StorageException {
            String key = shard + "/" + treeSize;
            Merkle.NodeSource nodes = trees.get(key);
            if (nodes == null) {
                nodes = nodes(shard, treeSize);
                trees.put(key, nodes);
            }
            try {
                return new InclusionProof(shard, index, treeSize, Merkle.inclusionPath(nodes, index, treeSize));
            } catch (TileReadException e) {
                throw e.getCause();
            }
        }

        private Map<Long, Boolean> sizes(String shard) throws StorageException {
            Map<Long, Boolean> known = checkpointSizes.get(shard);
            if (known == null) {
                known = listCheckpoints(shard);
                checkpointSizes.put(shard, known);
            }
            return known;
        }

        private StoredCheckpoint checkpoint(String shard, long size, Boolean tokenListed) throws StorageException {
            String key = shard + "/" + size;
            StoredCheckpoint known = checkpoints.get(key);
            if (known == null) {
                known = LedgerReader.this.checkpoint(shard, size, tokenListed);
                checkpoints.put(key, known);
            }
            return known;
        }
    }

    private static LedgerEntry parse(byte[] canonical, String shard, long index) {
        try {
            return LedgerEntryCodec.parse(canonical);
        } catch (IllegalArgumentException e) {
            throw new LedgerIntegrityException("entry " + index + " of shard " + shard + " is unreadable: " + e.getMessage());
        }
    }
}
