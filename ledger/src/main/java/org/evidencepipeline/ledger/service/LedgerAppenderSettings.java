package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.Topics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the appender runs (the storer's {@code storer.ledger.*}; defaults as documented there).
 *
 * @param kafka           consumer (and dead-letter producer) client settings: bootstrap servers, security; the appender
 *                        sets group, deserializers, manual commits and {@code max.poll.records} itself
 * @param topic           {@link Topics#LEDGER_ENTRIES}
 * @param groupId         {@code storer-ledger}: the group's single owner per partition is the shard's single writer
 * @param batchMax        records per append ({@code max.poll.records})
 * @param dedupWindow     how many recent leaves a repeated entry is recognised among
 * @param checkpoints     when to sign a checkpoint
 * @param pollTimeout     longest wait of one poll; checkpoints fall due on idle polls too, so it bounds their lateness
 * @param maxRetryDelay   longest pause between two attempts of a failing storage call (which is retried, never skipped)
 * @param deadLetterTopic where an unreadable record is copied with its reason (it stays in the topic too); empty: nowhere
 */
public record LedgerAppenderSettings(Map<String, Object> kafka, String topic, String groupId, int batchMax, int dedupWindow,
                                     CheckpointPolicy checkpoints, Duration pollTimeout, Duration maxRetryDelay,
                                     Optional<String> deadLetterTopic) {
    public static final String GROUP = "storer-ledger";

    public LedgerAppenderSettings {
        kafka = Map.copyOf(kafka);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(checkpoints, "checkpoints");
        if (batchMax < 1) {
            throw new IllegalArgumentException("batch-max must be at least 1");
        }
        if (dedupWindow < 0) {
            throw new IllegalArgumentException("dedup-window must not be negative");
        }
    }

    /** The documented defaults around {@code kafka}. */
    public static LedgerAppenderSettings defaults(Map<String, Object> kafka) {
        return new LedgerAppenderSettings(kafka, Topics.LEDGER_ENTRIES, GROUP, 1000, 65536,
                new CheckpointPolicy(256, Duration.ofSeconds(10)), Duration.ofMillis(500), Duration.ofSeconds(30),
                Optional.of(Topics.DEAD_LETTER_STORER));
    }
}
