package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The identities of the tree's last {@code capacity} leaves. An entry's identity is its canonical bytes with the time
 * set to the epoch and no version id, so the same object stated again by a replayed stage (a later time, no version)
 * is recognised. A function of the tree alone: rebuilt from the entry bundles on open, so a retried append drops
 * exactly what the first attempt dropped.
 */
final class DedupWindow {
    private final int capacity;
    private final ArrayDeque<Identity> order = new ArrayDeque<>();
    private final Map<Identity, Integer> counts = new HashMap<>();

    /** SHA-256 of the identity bytes, held as four longs (compact, with value equality). */
    record Identity(long a, long b, long c, long d) {
    }

    DedupWindow(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("dedup window " + capacity);
        }
        this.capacity = capacity;
    }

    static Identity identity(LedgerEntry e) {
        LedgerEntry stripped = new LedgerEntry(e.schemaVersion(), e.kind(), e.key(), e.sha256(), e.size(), e.captureId(),
                e.postId(), e.postVersion(), e.collectionIds(), Instant.EPOCH, null, e.within());
        try {
            ByteBuffer h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(LedgerEntryCodec.canonical(stripped)));
            return new Identity(h.getLong(), h.getLong(), h.getLong(), h.getLong());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    boolean contains(Identity id) {
        return counts.containsKey(id);
    }

    /** Records a new leaf; the oldest leaf leaves the window once it holds {@code capacity}. */
    void add(Identity id) {
        if (capacity == 0) {
            return;
        }
        order.addLast(id);
        counts.merge(id, 1, Integer::sum);
        if (order.size() > capacity) {
            Identity old = order.removeFirst();
            counts.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    int capacity() {
        return capacity;
    }
}
