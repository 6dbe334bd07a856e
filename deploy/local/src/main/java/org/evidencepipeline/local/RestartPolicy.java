package org.evidencepipeline.local;

import java.time.Duration;

/**
 * How the local runtime restarts a service that exited: after {@code initialBackoff}, doubling per restart up to
 * {@code maxBackoff}; and when a service needs more than {@code maxRestarts} restarts within {@code window}, it is
 * given up on (the run then ends, non-zero) instead of crash-looping for ever.
 *
 * @param maxRestarts 0 = never restart: the first exit gives up
 */
public record RestartPolicy(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window) {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESTARTS = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    public RestartPolicy {
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("back-off must be 0 <= initial <= max, got " + initialBackoff + " / " + maxBackoff);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("max restarts must be >= 0, got " + maxRestarts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("restart window must be positive, got " + window);
        }
    }

    /** 1 s, 2 s, 4 s ... capped at 30 s; up to 5 restarts within 10 minutes. */
    public static RestartPolicy defaults() {
        return new RestartPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RESTARTS, DEFAULT_WINDOW);
    }

    public RestartPolicy withMaxRestarts(int n, Duration inWindow) {
        return new RestartPolicy(initialBackoff, maxBackoff, n, inWindow);
    }

    /** The wait before restart number {@code attempt} (1-based) within the window. */
    public Duration delayBefore(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
