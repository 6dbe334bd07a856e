package org.evidencepipeline.ledger.service;

import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.AppendResult;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.ledger.tiles.LedgerWriter;
import org.evidencepipeline.ledger.tiles.SourcedEntry;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One shard (one partition of {@code ledger.entries.v1}) while this process owns it: appends each polled batch as one
 * append, compacts the index behind it, and signs a checkpoint when the policy says so. Storage calls are retried until
 * they succeed or the shard is taken away ({@link StorageRetry.Abandoned}), so no entry is ever skipped.
 */
final class ShardAppender {
    private static final System.Logger LOG = System.getLogger(ShardAppender.class.getName());

    private final String shard;
    private final LedgerWriter writer;
    private final Optional<LedgerIndex> index;
    private final CheckpointMaker checkpoints;
    private final CheckpointPolicy policy;
    private final StorageRetry retry;
    private final LedgerMetrics metrics;
    private final Clock clock;
    private Instant lastCheckpoint;

    ShardAppender(String shard, LedgerWriter writer, Optional<LedgerIndex> index, CheckpointMaker checkpoints,
                  CheckpointPolicy policy, StorageRetry retry, LedgerMetrics metrics, Clock clock) {
        this.shard = shard;
        this.writer = writer;
        this.index = index;
        this.checkpoints = checkpoints;
        this.policy = policy;
        this.retry = retry;
        this.metrics = metrics;
        this.clock = clock;
    }

    String shard() {
        return shard;
    }

    /** Loads the commit point; the interval to the first checkpoint counts from now. */
    LedgerState open(StorageRetry.Pause pause) throws InterruptedException {
        LedgerState state = retry.run("opening shard " + shard, writer::open, pause);
        lastCheckpoint = clock.instant();
        metrics.opened(state);
        LOG.log(Level.INFO, "ledger shard " + shard + " opened: " + state.size() + " entries, next offset " + state.nextOffset()
                + ", last checkpoint at size " + state.checkpointSize());
        return state;
    }

    /** Appends a batch's entries (unreadable records already left out) and commits {@code nextOffset}. */
    LedgerState append(List<SourceRecord.Entry> records, long nextOffset, StorageRetry.Pause pause) throws InterruptedException {
        List<SourcedEntry> entries = new ArrayList<>(records.size());
        for (SourceRecord.Entry r : records) {
            entries.add(new SourcedEntry(r.offset(), r.entry()));
        }
        AppendResult result = retry.run("append to shard " + shard, () -> writer.append(entries, nextOffset), pause);
        metrics.appended(result);
        if (index.isPresent() && result.appended() > 0) {
            long size = result.state().size();
            retry.run("index compaction of shard " + shard, () -> {
                index.get().compact(shard, size);
                return null;
            }, pause);
        }
        return result.state();
    }

    /** Signs, stamps and stores a checkpoint of the committed tree when one is due; else does nothing. */
    Optional<LedgerState> checkpointIfDue(StorageRetry.Pause pause) throws InterruptedException {
        LedgerState state = writer.state();
        Instant now = clock.instant();
        if (!checkpoints.signs() || !policy.due(state, lastCheckpoint, now)) {
            return Optional.empty();
        }
        CheckpointMaker.Prepared made = checkpoints.prepare(state);
        retry.run("checkpoint of shard " + shard, () -> writer.publishCheckpoint(made.size(), made.note(), made.token()), pause);
        lastCheckpoint = now;
        metrics.checkpointed(shard, made.size(), made.stamped());
        LOG.log(Level.DEBUG, "ledger shard " + shard + " checkpointed at size " + made.size() + (made.stamped() ? ", time-stamped" : ""));
        return Optional.of(writer.state());
    }
}
