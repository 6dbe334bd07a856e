package org.evidencepipeline.collector.run;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code collector.max-concurrent-polls} sources are polled at once; a poll past that waits for a slot, in the
 * order the polls came. What one poll may hold is capped (a feed body at {@code collector.http.max-body-bytes}, a
 * Jetstream window at {@code collector.jetstream.max-window-bytes}), so the collector's heap is bounded by this many
 * polls' caps, whatever the number of sources: without it every due source was fetched at once, and 33 feeds of the
 * 10k bench run filled a 64 MiB heap (BENCHMARKS.md, "Memory").
 */
public final class PollSlots {
    /** A poll's work, run once it has a slot. */
    @FunctionalInterface
    public interface Poll<T> {
        T run() throws InterruptedException;
    }

    private final int max;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();

    public PollSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("collector.max-concurrent-polls must be at least 1, was " + max);
        }
        this.max = max;
        this.slots = new Semaphore(max, true);
    }

    /** Runs {@code poll} once a slot is free, on the caller's thread, and frees the slot after it, however it ends. */
    public <T> T run(Poll<T> poll) throws InterruptedException {
        waiting.incrementAndGet();
        try {
            slots.acquire();
        } finally {
            waiting.decrementAndGet();
        }
        try {
            return poll.run();
        } finally {
            slots.release();
        }
    }

    /** Polls running now. */
    public int running() {
        return max - slots.availablePermits();
    }

    /** Polls due and waiting for a slot. */
    public int waiting() {
        return waiting.get();
    }

    public int max() {
        return max;
    }
}
