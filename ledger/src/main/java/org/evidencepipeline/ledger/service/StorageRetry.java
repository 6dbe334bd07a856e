package org.evidencepipeline.ledger.service;

import org.evidencepipeline.archive.StorageException;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Retries a storage call with doubling pauses (500 ms up to a cap) until it succeeds: the ledger never skips an entry,
 * so an archive outage holds the shard (back-pressure on Kafka) rather than dropping anything. Between attempts the
 * {@link Pause} keeps the consumer in its group and says when the attempt no longer matters (shard revoked, stopping).
 */
final class StorageRetry {
    private static final System.Logger LOG = System.getLogger(StorageRetry.class.getName());

    interface Call<T> {
        T call() throws StorageException;
    }

    /** Waits {@code millis}; throws {@link Abandoned} when the call should not be retried any more. */
    interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    /** The shard moved to another writer, or the appender is stopping: drop the call, never half-apply it. */
    static final class Abandoned extends RuntimeException {
        Abandoned(String message) {
            super(message, null, false, false);
        }
    }

    private final Duration maxDelay;
    private final LedgerMetrics metrics;

    StorageRetry(Duration maxDelay, LedgerMetrics metrics) {
        this.maxDelay = maxDelay;
        this.metrics = metrics;
    }

    <T> T run(String what, Call<T> call, Pause pause) throws InterruptedException {
        long delay = 500;
        while (true) {
            try {
                return call.call();
            } catch (StorageException e) {
                long sleep = Math.min(delay, maxDelay.toMillis());
                LOG.log(Level.WARNING, "ledger storage unavailable (" + e.getMessage() + "); retrying " + what + " in " + sleep + " ms");
                metrics.storageRetry();
                pause.pause(Math.max(1, sleep));
                delay = Math.min(delay * 2, Math.max(1, maxDelay.toMillis()));
            }
        }
    }
}
