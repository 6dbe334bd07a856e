package org.evidencepipeline.ledger.merkle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Merkle.NodeSource} over leaf hashes held in memory: the reference for the tiled tree, and what the offline
 * package verifier and the tests rebuild from entries. Memoised, so proofs over n leaves cost O(n) hashing once.
 */
public final class LeafList implements Merkle.NodeSource {
    private final List<byte[]> leaves = new ArrayList<>();
    private final Map<Long, byte[]> memo = new HashMap<>();

    public void add(byte[] leafHash) {
        leaves.add(leafHash);
    }

    public long size() {
        return leaves.size();
    }

    @Override
    public byte[] node(int level, long index) {
        long first = index << level;
        if (first + (1L << level) > leaves.size()) {
            throw new IllegalArgumentException("no perfect subtree at level " + level + " index " + index + " in " + leaves.size() + " leaves");
        }
        if (level == 0) {
            return leaves.get((int) index);
        }
        long memoKey = ((long) level << 56) | index;
        byte[] h = memo.get(memoKey);
        if (h == null) {
            h = Merkle.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
            memo.put(memoKey, h);
        }
        return h;
    }
}
