package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.StorageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Merge steps: a level-L run (L ≥ 1) covers the aligned block of {@code 16^L} leaves {@code [k·16^L, (k+1)·16^L)}. Once
 * a block lies wholly below the committed size and no single run contains it yet, its run is written from the maximal
 * runs it intersects (their postings inside the block). Nothing is deleted. The result of a step is a function of the
 * committed leaves alone, so repeating it (or racing a crashed predecessor) rewrites the same bytes; and a lookup reads
 * at most ~15 runs per level plus the few appends' runs past the last full 16-leaf block.
 */
final class Compactor {
    static final int FANOUT = 16;

    private final RunStore store;
    private final RunReader reader;
    private final int maxLevel;

    /**
     * @param maxLevel the highest level written; merges are done in memory, so this caps a run's size (level 4: 65,536
     *                 leaves, ~13 MB at five postings per entry)
     */
    Compactor(RunStore store, RunReader reader, int maxLevel) {
        this.store = store;
        this.reader = reader;
        this.maxLevel = maxLevel;
    }

    /** Writes every due merge step; returns the runs written. */
    List<RunName> compact(String shard, List<RunName> runs, long committedSize) throws StorageException {
        List<RunName> all = new ArrayList<>(runs);
        List<RunName> written = new ArrayList<>();
        long size = 1;
        for (int level = 1; level <= maxLevel; level++) {
            size *= FANOUT;
            if (size > committedSize) {
                break;
            }
            List<RunName> maximal = RunSet.maximal(all);
            long start = 0;
            while (start + size <= committedSize) {
                long end = start + size - 1;
                RunName holder = RunSet.containing(maximal, start, end);
                if (holder != null) { // already merged (or one append's run spans it): skip past what it holds
                    start = Math.max(start + size, (holder.last() + 1) / size * size);
                    continue;
                }
                List<RunName> inputs = RunSet.intersecting(maximal, start, end);
                if (covers(inputs, start, end)) {
                    RunName merged = new RunName(level, start, end);
                    Postings postings = new Postings();
                    for (RunName in : inputs) {
                        byte[] block = reader.block(shard, in);
                        postings.addFrom(block, 0, block.length / Postings.RECORD, start, end);
                    }
                    store.put(merged.key(shard), RunFormat.encode(merged, postings.block()));
                    all.add(merged);
                    written.add(merged);
                }
                // a gap (a run never written) is left as is: merging would file the block as complete without it
                start += size;
            }
        }
        return written;
    }

    private static boolean covers(List<RunName> inputs, long from, long to) {
        long next = from;
        for (RunName r : inputs) { // by first leaf
            if (r.first() > next) {
                return false;
            }
            next = Math.max(next, r.last() + 1);
        }
        return next > to;
    }
}
