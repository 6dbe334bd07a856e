package org.evidencepipeline.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry past {@code max}: the bounded caches of ledger reads and checks,
 * so a long verify run or a large ledger cannot grow the heap. Not thread-safe; callers that share one lock it.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private final int max;

    public LruMap(int max) {
        super(16, 0.75f, true);
        if (max < 1) {
            throw new IllegalArgumentException("an LRU map holds at least one entry, not " + max);
        }
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
