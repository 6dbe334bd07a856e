package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.StorageException;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Reads runs with as few GETs as their size allows: one ranged GET of the first {@value #FIRST_READ} bytes holds a
 * whole small run (every append's run at the default batch size); a run up to {@value #WHOLE_LIMIT} bytes takes one
 * more GET for the rest; a larger one is searched by its fences and one ranged GET of the slice that can hold the hash.
 */
final class RunReader {
    static final int FIRST_READ = 256 * 1024;
    static final long WHOLE_LIMIT = 4L * 1024 * 1024;

    /** Bytes of small runs kept for lookups: a run's content is fixed by its name (its leaves), so it never goes stale. */
    static final long CACHE_BYTES = 8L * 1024 * 1024;
    private final RunStore store;
    private final java.util.LinkedHashMap<String, byte[]> cache = new java.util.LinkedHashMap<>(64, 0.75f, true);
    private final long cacheBytes;
    private long cached;

    RunReader(RunStore store) {
        this(store, 0);
    }

    /** {@code cacheBytes}: how many bytes of small runs to keep for lookups (0: none). */
    RunReader(RunStore store, long cacheBytes) {
        this.store = store;
        this.cacheBytes = cacheBytes;
    }

    private synchronized byte[] cachedRun(String key) {
        return cache.get(key);
    }

    private synchronized void keep(String key, byte[] whole) {
        if (whole.length > cacheBytes / 8 || cache.containsKey(key)) {
            return;
        }
        cache.put(key, whole);
        cached += whole.length;
        var eldest = cache.entrySet().iterator();
        while (cached > cacheBytes && eldest.hasNext()) {
            cached -= eldest.next().getValue().length;
            eldest.remove();
        }
    }

    /** Calls {@code leaves} with every leaf the run files under {@code hash}. */
    void find(String shard, RunName name, byte[] hash, LongConsumer leaves) throws StorageException {
        String key = name.key(shard);
        byte[] kept = cachedRun(key);
        if (kept != null) {
            RunFormat.Header h = RunFormat.header(key, name, kept);
            RunFormat.find(kept, Math.toIntExact(h.recordsOffset()), Math.toIntExact(h.count()), hash, leaves);
            return;
        }
        byte[] head = store.getRange(key, 0, FIRST_READ).orElseThrow(() -> RunFormat.corrupt(key, "listed but gone"));
        RunFormat.Header h = RunFormat.header(key, name, head);
        int count = Math.toIntExact(h.count());
        if (h.totalSize() <= WHOLE_LIMIT) {
            byte[] whole = h.totalSize() <= head.length ? head : concat(head, rest(key, head.length, h.totalSize()));
            checkLength(key, whole, h);
            keep(key, whole);
            RunFormat.find(whole, Math.toIntExact(h.recordsOffset()), count, hash, leaves);
            return;
        }
        byte[] fences = h.recordsOffset() <= head.length
                ? Arrays.copyOfRange(head, RunFormat.HEADER, Math.toIntExact(h.recordsOffset()))
                : rest(key, RunFormat.HEADER, h.recordsOffset());
        int below = 0; // fences with a hash < target: the slice starts in the page before the first one that is not
        int above = h.fenceCount(); // first fence with a hash > target: nothing at or after it matches
        for (int i = 0; i < h.fenceCount(); i++) {
            int c = RunFormat.compareHash(fences, i * Postings.HASH, hash);
            if (c < 0) {
                below = i + 1;
            } else if (c > 0) {
                above = i;
                break;
            }
        }
        long from = (long) Math.max(0, below - 1) * h.fenceEvery();
        long to = Math.min(h.count(), (long) above * h.fenceEvery());
        if (to <= from) {
            return;
        }
        byte[] slice = rest(key, h.recordsOffset() + from * Postings.RECORD, h.recordsOffset() + to * Postings.RECORD);
        if (slice.length != (to - from) * Postings.RECORD) {
            throw RunFormat.corrupt(key, "shorter than its header says");
        }
        RunFormat.find(slice, 0, Math.toIntExact(to - from), hash, leaves);
    }

    /** The run's whole record block (for merging). */
    byte[] block(String shard, RunName name) throws StorageException {
        String key = name.key(shard);
        byte[] bytes = store.get(key).orElseThrow(() -> RunFormat.corrupt(key, "listed but gone"));
        RunFormat.Header h = RunFormat.header(key, name, bytes);
        checkLength(key, bytes, h);
        return Arrays.copyOfRange(bytes, Math.toIntExact(h.recordsOffset()), bytes.length);
    }

    private static void checkLength(String key, byte[] bytes, RunFormat.Header h) throws StorageException {
        if (bytes.length != h.totalSize()) {
            throw RunFormat.corrupt(key, bytes.length + " bytes, its header says " + h.totalSize());
        }
    }

    private byte[] rest(String key, long from, long to) throws StorageException {
        return store.getRange(key, from, to - from).orElseThrow(() -> RunFormat.corrupt(key, "listed but gone"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
