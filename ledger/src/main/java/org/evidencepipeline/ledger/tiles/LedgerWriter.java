package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.merkle.Merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Appends entries to one shard's tree in the archive bucket. Single writer per shard (the Kafka partition's owner).
 * An append writes, in order: the entry bundles and hash tiles it touched (partial tiles rewritten, full ones
 * write-once), the index run ({@code index.LedgerIndex}), and last {@code state.json}, the commit point. A crash before
 * the commit point leaves objects that the retried append rewrites with the same bytes, because the tree's content is
 * a function of the source records in offset order (records below {@code nextOffset} are skipped, duplicates dropped by
 * a window that is itself a function of the tree): so no entry is lost, none doubled, and the roots are the same.
 * <p>
 * The writer keeps only the tree's right edge in memory (the rightmost partial tile of each level and the partial
 * entry bundle), which is all that the root and the next tiles depend on. After a failed append it reloads that edge
 * from the commit point before the next one, so what a failed attempt left in memory is never built on.
 */
public final class LedgerWriter {
    /**
     * The longest canonical entry a leaf can be: entry bundles prefix each entry with a uint16 length (C2SP
     * tlog-tiles). The appender turns a longer record into an unreadable one before it reaches the writer.
     */
    public static final int MAX_ENTRY_BYTES = 0xFFFF;

    private static final String OCTETS = "application/octet-stream";
    /** Tile and bundle PUTs of one append go out in parallel: they are independent until the commit point. */
    private static final int WRITERS = 4;

    private final ArchiveStore store;
    private final String shard;
    private final int dedupWindow;
    private final LedgerIndex index;
    private final Consumer<String> onWrite;
    /** Idle threads time out, so a writer needs no close. */
    private final ThreadPoolExecutor writers;

    private LedgerState state;
    /** Per tile level: the hashes of its rightmost partial tile (empty when its node count is a multiple of 256). */
    private List<List<byte[]>> edges;
    /** Canonical bytes of the entries in the rightmost partial entry bundle. */
    private List<byte[]> edgeEntries;
    private DedupWindow window;

    public LedgerWriter(ArchiveStore store, String shard, int dedupWindow) {
        this(store, shard, dedupWindow, null);
    }

    /** @param index where each append's lookup run goes before the commit point; null: no index */
    public LedgerWriter(ArchiveStore store, String shard, int dedupWindow, LedgerIndex index) {
        this(store, shard, dedupWindow, index, key -> {
        });
    }

    /** @param onWrite told each key right after it is written (the crash test kills the writer between writes) */
    LedgerWriter(ArchiveStore store, String shard, int dedupWindow, LedgerIndex index, Consumer<String> onWrite) {
        if (dedupWindow < 0) {
            throw new IllegalArgumentException("dedup window " + dedupWindow);
        }
        this.store = store;
        this.shard = shard;
        this.dedupWindow = dedupWindow;
        this.index = index;
        this.onWrite = onWrite;
        this.writers = new ThreadPoolExecutor(WRITERS, WRITERS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ledger-writer-" + shard);
            t.setDaemon(true);
            return t;
        });
        this.writers.allowCoreThreadTimeOut(true);
    }

    /**
     * Loads the commit point (empty tree, offset 0, when there is none) and the dedup window, and checks that the stored
     * right-edge tiles reproduce the committed root and that the partial entry bundle hashes to them.
     *
     * @throws LedgerIntegrityException when they do not: this tree is never appended to
     */
    public synchronized LedgerState open() throws StorageException {
        state = null;
        if (index != null) {
            index.relist(shard); // what the index knew of this shard's runs may predate a failed attempt or another writer
        }
        String stateKey = LedgerLayout.stateKey(shard);
        LedgerState s = store.get(stateKey).map(b -> LedgerStateJson.parse(b, stateKey))
                .orElseGet(() -> new LedgerState(shard, 0, Merkle.emptyRoot(), 0, 0));
        if (!s.shard().equals(shard)) {
            throw new LedgerIntegrityException(stateKey + " names shard " + s.shard());
        }
        List<List<byte[]>> loaded = new ArrayList<>();
        for (int level = 0; TileNodes.nodesAt(s.size(), level) > 0; level++) {
            long n = TileNodes.nodesAt(s.size(), level);
            int w = (int) (n % LedgerLayout.TILE_WIDTH);
            if (w == 0) {
                loaded.add(new ArrayList<>());
                continue;
            }
            String key = LedgerLayout.tileKey(shard, level, n / LedgerLayout.TILE_WIDTH, w);
            byte[] tile = store.get(key).orElseThrow(() -> new LedgerIntegrityException("missing tile " + key));
            loaded.add(new ArrayList<>(TileCodec.parseHashes(tile, w, key, true)));
        }
        byte[] root = Merkle.root(edgeNodes(s.size(), loaded), s.size());
        if (!Arrays.equals(root, s.rootHash())) {
            throw new LedgerIntegrityException("the tiles of shard " + shard + " do not reproduce the root committed in " + stateKey);
        }
        DedupWindow w = new DedupWindow(dedupWindow);
        List<byte[]> partial = new ArrayList<>();
        long from = Math.max(0, s.size() - dedupWindow);
        for (long b = from / LedgerLayout.TILE_WIDTH; b * LedgerLayout.TILE_WIDTH < s.size(); b++) {
            int width = TileNodes.width(s.size(), 0, b);
            String key = LedgerLayout.entriesKey(shard, b, width);
            byte[] raw = store.get(key).orElseThrow(() -> new LedgerIntegrityException("missing entry bundle " + key));
            List<byte[]> entries = TileCodec.parseBundle(raw, width, key);
            if (width < LedgerLayout.TILE_WIDTH) {
                partial = new ArrayList<>(entries);
                List<byte[]> leaves = loaded.get(0);
                for (int i = 0; i < width; i++) {
                    if (!Arrays.equals(Merkle.leafHash(entries.get(i)), leaves.get(i))) {
                        throw new LedgerIntegrityException("entry bundle " + key + " does not match its leaf hashes");
                    }
                }
            }
            for (int i = 0; i < width; i++) {
                if (b * LedgerLayout.TILE_WIDTH + i >= from) {
                    w.add(DedupWindow.identity(parseEntry(entries.get(i), key)));
                }
            }
        }
        edges = loaded;
        edgeEntries = partial;
        window = w;
        state = s;
        return s;
    }

    /**
     * Appends {@code entries} (in offset order) and commits {@code nextOffset} (one past the last source record of the
     * batch, including records that carried no entry).
     *
     * @throws LedgerIntegrityException when a write-once tile or bundle already holds other bytes (a forked tree):
     *                                  nothing is committed
     */
    public synchronized AppendResult append(List<SourcedEntry> entries, long nextOffset) throws StorageException {
        if (state == null) {
            open();
        }
        LedgerState before = state;
        long last = Long.MIN_VALUE;
        for (SourcedEntry se : entries) {
            if (se.offset() < last || se.offset() >= nextOffset) {
                throw new IllegalArgumentException("entries must be in offset order and below nextOffset " + nextOffset);
            }
            last = se.offset();
        }
        try {
            int alreadyIn = 0;
            int duplicates = 0;
            List<LedgerEntry> fresh = new ArrayList<>();
            List<byte[]> canonical = new ArrayList<>();
            for (SourcedEntry se : entries) {
                if (se.offset() < before.nextOffset()) {
                    alreadyIn++;
                    continue;
                }
                DedupWindow.Identity id = DedupWindow.identity(se.entry());
                if (window.contains(id)) {
                    duplicates++;
                    continue;
                }
                byte[] c = LedgerEntryCodec.canonical(se.entry());
                if (c.length > MAX_ENTRY_BYTES) {
                    throw new IllegalArgumentException("ledger entry for " + se.entry().key() + " is " + c.length + " bytes");
                }
                window.add(id);
                fresh.add(se.entry());
                canonical.add(c);
            }
            long next = Math.max(before.nextOffset(), nextOffset);
            if (fresh.isEmpty() && next == before.nextOffset()) {
                return new AppendResult(before, before.size(), 0, duplicates, alreadyIn);
            }
            LedgerState after = fresh.isEmpty()
                    ? new LedgerState(shard, before.size(), before.rootHash(), next, before.checkpointSize())
                    : grow(before, fresh, canonical, next);
            putState(after);
            state = after;
            if (index != null && !fresh.isEmpty()) {
                index.compact(shard, after.size());
            }
            return new AppendResult(after, before.size(), fresh.size(), duplicates, alreadyIn);
        } catch (StorageException | RuntimeException e) {
            state = null; // the window (and maybe the store) holds an uncommitted attempt: reload before the next append
            throw e;
        }
    }

    /** Writes the bundles, tiles and index run for the new leaves; returns the state to commit (not yet written). */
    private LedgerState grow(LedgerState before, List<LedgerEntry> fresh, List<byte[]> canonical, long next) throws StorageException {
        long size = before.size() + canonical.size();
        List<Write> writes = new ArrayList<>();
        List<byte[]> bundle = new ArrayList<>(edgeEntries);
        long b = before.size() / LedgerLayout.TILE_WIDTH;
        for (byte[] c : canonical) {
            bundle.add(c);
            if (bundle.size() == LedgerLayout.TILE_WIDTH) {
                writes.add(new Write(LedgerLayout.entriesKey(shard, b, LedgerLayout.TILE_WIDTH), TileCodec.bundle(bundle), true));
                bundle = new ArrayList<>();
                b++;
            }
        }
        if (!bundle.isEmpty()) {
            writes.add(new Write(LedgerLayout.entriesKey(shard, b, bundle.size()), TileCodec.bundle(bundle), false));
        }

        List<List<byte[]>> grown = new ArrayList<>();
        edges.forEach(e -> grown.add(new ArrayList<>(e)));
        List<byte[]> nodes = new ArrayList<>(canonical.size());
        canonical.forEach(c -> nodes.add(Merkle.leafHash(c)));
        for (int level = 0; !nodes.isEmpty(); level++) {
            if (grown.size() == level) {
                grown.add(new ArrayList<>());
            }
            List<byte[]> edge = grown.get(level);
            long tile = TileNodes.nodesAt(before.size(), level) / LedgerLayout.TILE_WIDTH;
            List<byte[]> completed = new ArrayList<>();
            for (byte[] n : nodes) {
                edge.add(n);
                if (edge.size() == LedgerLayout.TILE_WIDTH) {
                    writes.add(new Write(LedgerLayout.tileKey(shard, level, tile, LedgerLayout.TILE_WIDTH), TileCodec.hashes(edge), true));
                    completed.add(TileCodec.hashUp(edge, 0, LedgerLayout.TILE_WIDTH));
                    edge = new ArrayList<>();
                    grown.set(level, edge);
                    tile++;
                }
            }
            if (!edge.isEmpty()) {
                writes.add(new Write(LedgerLayout.tileKey(shard, level, tile, edge.size()), TileCodec.hashes(edge), false));
            }
            nodes.clear();
            nodes.addAll(completed);
        }
        byte[] root = Merkle.root(edgeNodes(size, grown), size);
        putAll(writes);
        if (index != null) {
            index.writeRun(shard, before.size(), fresh);
            onWrite.accept("index run");
        }
        edges = grown;
        edgeEntries = bundle;
        return new LedgerState(shard, size, root, next, before.checkpointSize());
    }

    /**
     * Stores a signed checkpoint of the current tree ({@code size} must be the committed size): the history copy and
     * token write-once, then {@code checkpoint} (latest), then the state's {@code checkpointSize}.
     * <p>
     * The first note stored for a size wins (a retry after a crash may bring a note with a later time line): when
     * another note is already there, the returned checkpoint carries that note and its token, and
     * {@code tokenOrNull} (which is over the other note) is not stored. A caller that gets back a different note
     * without a token stamps that note and publishes it again.
     */
    public synchronized StoredCheckpoint publishCheckpoint(long size, byte[] signedNote, byte[] tokenOrNull) throws StorageException {
        if (state == null) {
            open();
        }
        if (size < 1 || size != state.size()) {
            throw new IllegalArgumentException("checkpoint of size " + size + " but the committed tree has " + state.size() + " leaves");
        }
        String noteKey = LedgerLayout.checkpointHistoryKey(shard, size);
        String tokenKey = LedgerLayout.checkpointTokenKey(shard, size);
        byte[] note = signedNote;
        if (!store.putEvidenceBytesIfAbsent(noteKey, signedNote, "text/plain; charset=utf-8")) {
            note = store.get(noteKey).orElseThrow(() -> new LedgerIntegrityException(noteKey + " vanished"));
        }
        onWrite.accept(noteKey);
        byte[] token = null;
        if (tokenOrNull != null && Arrays.equals(note, signedNote)) {
            token = tokenOrNull;
            if (!store.putEvidenceBytesIfAbsent(tokenKey, tokenOrNull, "application/timestamp-reply")) {
                token = store.get(tokenKey).orElse(tokenOrNull); // any valid token over the same note will do; keep the first
            }
            onWrite.accept(tokenKey);
        } else {
            token = store.get(tokenKey).orElse(null);
        }
        store.putBytes(LedgerLayout.checkpointKey(shard), note, "text/plain; charset=utf-8");
        onWrite.accept(LedgerLayout.checkpointKey(shard));
        LedgerState after = new LedgerState(shard, state.size(), state.rootHash(), state.nextOffset(), size);
        putState(after);
        state = after;
        return new StoredCheckpoint(shard, size, note, noteKey, token, tokenKey);
    }

    /** The committed state (after {@link #open()}). */
    public synchronized LedgerState state() {
        if (state == null) {
            throw new IllegalStateException("ledger writer for shard " + shard + " is not open");
        }
        return state;
    }

    private void putState(LedgerState s) throws StorageException {
        store.putBytes(LedgerLayout.stateKey(shard), LedgerStateJson.write(s), "application/json");
        onWrite.accept(LedgerLayout.stateKey(shard));
    }

    /** A tile or bundle to write; {@code once}: a full one, write-once. */
    private record Write(String key, byte[] bytes, boolean once) {
    }

    /** Writes them all (in parallel) and returns when every one is durable; the first failure is thrown. */
    private void putAll(List<Write> writes) throws StorageException {
        List<Future<?>> pending = new ArrayList<>(writes.size());
        for (Write w : writes) {
            pending.add(writers.submit(() -> {
                if (w.once()) {
                    putOnce(w.key(), w.bytes());
                } else {
                    putPartial(w.key(), w.bytes());
                }
                return null;
            }));
        }
        Throwable failure = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.forEach(p -> p.cancel(true));
                throw new StorageException("interrupted while writing ledger tiles", e);
            }
        }
        if (failure instanceof StorageException) {
            throw (StorageException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** A full tile or bundle: written once; if it is there already it must hold these very bytes. */
    private void putOnce(String key, byte[] bytes) throws StorageException {
        if (!store.putEvidenceBytesIfAbsent(key, bytes, OCTETS)) {
            Optional<byte[]> existing = store.get(key);
            if (existing.isEmpty() || !Arrays.equals(existing.get(), bytes)) {
                throw new LedgerIntegrityException("refusing a forked tree: " + key + " already holds other bytes");
            }
        }
        onWrite.accept(key);
    }

    /** A partial tile or bundle: rewritten as it grows (a retried append writes the same bytes again). */
    private void putPartial(String key, byte[] bytes) throws StorageException {
        store.putBytes(key, bytes, OCTETS);
        onWrite.accept(key);
    }

    /** The root needs only nodes of the rightmost tile of each level, which is what the writer holds. */
    private static Merkle.NodeSource edgeNodes(long size, List<List<byte[]>> edges) {
        return new TileNodes(size, (level, tile, width) -> {
            List<byte[]> edge = edges.get(level);
            if (tile != TileNodes.nodesAt(size, level) / LedgerLayout.TILE_WIDTH || width != edge.size()) {
                throw new IllegalStateException("tile " + level + "/" + tile + " is not on the right edge");
            }
            return edge;
        });
    }

    private static LedgerEntry parseEntry(byte[] canonical, String key) {
        try {
            return LedgerEntryCodec.parse(canonical);
        } catch (IllegalArgumentException e) {
            throw new LedgerIntegrityException("entry bundle " + key + " holds an unreadable entry: " + e.getMessage());
        }
    }
}
