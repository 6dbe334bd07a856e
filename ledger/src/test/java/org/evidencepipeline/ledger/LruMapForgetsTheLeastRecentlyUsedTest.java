package org.evidencepipeline.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LruMapForgetsTheLeastRecentlyUsedTest {
    @Test
    void pastItsBoundTheEntryReadLeastRecentlyGoes() {
        LruMap<String, Integer> cache = new LruMap<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.get("a")).isEqualTo(1); // now "b" is the least recently used
        cache.put("c", 3);

        assertThat(cache).hasSize(2).containsOnlyKeys("a", "c");
    }

    @Test
    void anEmptyBoundIsRefused() {
        assertThatThrownBy(() -> new LruMap<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
