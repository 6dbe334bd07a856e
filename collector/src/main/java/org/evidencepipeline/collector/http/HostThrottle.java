package org.evidencepipeline.collector.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-host politeness: a minimum spacing between requests, and a back-off window after the host said
 * 429/503. Jitter keeps many sources on one host from retrying in lockstep.
 */
public final class HostThrottle {
    private final Duration minInterval;
    private final Duration maxBackoff;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> nextAllowed = new ConcurrentHashMap<>();

    public HostThrottle(Duration minInterval, Duration maxBackoff, Clock clock) {
        this.minInterval = minInterval;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /** Blocks until a request to {@code host} is allowed and reserves the slot. */
    public void acquire(String host) throws InterruptedException {
        while (true) {
            Instant now = clock.instant();
            Instant allowed = nextAllowed.getOrDefault(host, Instant.MIN);
            if (!now.isBefore(allowed)) {
                if (nextAllowed.replace(host, allowed, now.plus(minInterval))
                        || nextAllowed.putIfAbsent(host, now.plus(minInterval)) == null) {
                    return;
                }
                continue;
            }
            Thread.sleep(Math.max(1, Duration.between(now, allowed).toMillis()));
        }
    }

    /** When the host told us to wait ({@code retryAfter} may be null), record a jittered back-off; returns it. */
    public Duration backOff(String host, Duration retryAfter) {
        Duration base = retryAfter == null || retryAfter.isNegative() ? Duration.ofSeconds(30) : retryAfter;
        if (base.compareTo(maxBackoff) > 0) {
            base = maxBackoff;
        }
        long jitterMillis = ThreadLocalRandom.current().nextLong(0, Math.max(1, base.toMillis() / 10 + 1));
        Duration wait = base.plusMillis(jitterMillis);
        nextAllowed.merge(host, clock.instant().plus(wait), (a, b) -> a.isAfter(b) ? a : b);
        return wait;
    }

    /** The instant before which no request to the host will be made. */
    public Instant nextAllowed(String host) {
        return nextAllowed.getOrDefault(host, Instant.MIN);
    }
}
