package org.evidencepipeline.ledger.service;

import org.evidencepipeline.ledger.tiles.LedgerState;

import java.time.Duration;
import java.time.Instant;

/**
 * When a shard's tree gets a new signed checkpoint: once it has grown past the last one, and either {@code every}
 * entries have come since or {@code interval} has passed since the last checkpoint (or since this writer took the
 * shard). So a busy shard is checkpointed every N entries and a quiet one within T of its last entry (as Tessera: 256
 * entries or a short time), and an unchanged tree is never re-signed.
 */
public record CheckpointPolicy(int every, Duration interval) {
    public CheckpointPolicy {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint-every must be at least 1");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint-interval must be positive");
        }
    }

    public boolean due(LedgerState state, Instant lastCheckpoint, Instant now) {
        long uncheckpointed = state.size() - state.checkpointSize();
        if (uncheckpointed <= 0) {
            return false;
        }
        return uncheckpointed >= every || !now.isBefore(lastCheckpoint.plus(interval));
    }
}
