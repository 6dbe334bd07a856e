package org.evidencepipeline.capturer.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Politeness per host: at most {@code pagesPerMinute} page loads start per host and minute, as the collections that
 * caught the post asked. A page whose slot is not yet due waits for it; one whose slot would come after its deadline
 * does not wait at all (and takes no slot), so a backlog on one host can never hold a partition past its deadline.
 */
public final class HostPageRate {

    /** How the wait is spent: {@link Thread#sleep} in production; a test advances its clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper THREAD = d -> Thread.sleep(Math.max(0, d.toMillis()));
    }

    /** The slowest rate is one page a minute, so a start older than this constrains no later page. */
    private static final Duration LONGEST_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, Instant> lastStart = new HashMap<>();

    public HostPageRate(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The interval between two page starts on one host at this rate. */
    public static Duration interval(int pagesPerMinute) {
        if (pagesPerMinute < 1) {
            throw new IllegalArgumentException("pagesPerMinute must be at least 1 but was " + pagesPerMinute);
        }
        return Duration.ofNanos(LONGEST_INTERVAL.toNanos() / pagesPerMinute);
    }

    /**
     * Waits for the host's next slot and takes it.
     *
     * @return false, at once and without taking a slot, when the slot would come after {@code deadline}
     */
    public boolean acquire(String host, int pagesPerMinute, Instant deadline) throws InterruptedException {
        Duration interval = interval(pagesPerMinute);
        String key = host.toLowerCase(Locale.ROOT);
        Instant slot;
        synchronized (this) {
            Instant now = clock.instant();
            lastStart.values().removeIf(t -> t.plus(LONGEST_INTERVAL).isBefore(now));
            Instant last = lastStart.get(key);
            slot = last == null || !last.plus(interval).isAfter(now) ? now : last.plus(interval);
            if (slot.isAfter(deadline)) {
                return false;
            }
            // Reserved before waiting, so the lock is not held while asleep and a second caller queues behind it.
            lastStart.put(key, slot);
        }
        Duration wait = Duration.between(clock.instant(), slot);
        if (!wait.isNegative() && !wait.isZero()) {
            sleeper.sleep(wait);
        }
        return true;
    }
}
