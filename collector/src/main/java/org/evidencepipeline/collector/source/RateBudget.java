package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.http.FetchException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A platform's request budget as its rate-limit headers announce it (remaining calls, reset time). The
 * answer that spends the last call is still good and is kept; after it no request is made to that host
 * until the reset, and polls fail fast with {@link FetchException#retryAfter()} instead. Waiting for the
 * 429 that would follow is what gets API clients and tokens blocked.
 */
public final class RateBudget {
    /** When a host says the budget is used up without saying when it resets. */
    static final Duration UNKNOWN_RESET = Duration.ofMinutes(1);

    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> exhaustedUntil = new ConcurrentHashMap<>();

    public RateBudget(Clock clock) {
        this.clock = clock;
    }

    /** Throws if the host's budget is used up and has not been reset yet. */
    public void check(String host) throws FetchException {
        Instant until = exhaustedUntil.get(host);
        if (until == null) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), until);
        if (wait.isNegative() || wait.isZero()) {
            exhaustedUntil.remove(host, until);
            return;
        }
        throw new FetchException("rate-limit budget of " + host + " is used up; it resets in "
                + Math.max(1, wait.toSeconds()) + " s", wait);
    }

    /** True while no request should be made to the host. */
    public boolean exhausted(String host) {
        Instant until = exhaustedUntil.get(host);
        return until != null && clock.instant().isBefore(until);
    }

    /**
     * Records what a response said. {@code remaining} null means the host sent no budget header (nothing
     * to honour); {@code resetAt} null means it did not say when the budget comes back.
     */
    public void record(String host, Double remaining, Instant resetAt) {
        if (remaining == null || remaining >= 1) {
            return;
        }
        Instant now = clock.instant();
        Instant until = resetAt == null || !resetAt.isAfter(now) ? now.plus(UNKNOWN_RESET) : resetAt;
        exhaustedUntil.merge(host, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** A header number such as {@code 299} or Reddit's {@code 599.0}; null when absent or not a number. */
    public static Double number(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
