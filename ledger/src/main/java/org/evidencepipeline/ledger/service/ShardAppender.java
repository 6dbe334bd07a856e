package org.evidencepipeline.ledger.service;

import org.evidencepipeline.ledger.tiles.AppendResult;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.ledger.tiles.LedgerWriter;
import org.evidencepipeline.ledger.tiles.SourcedEntry;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One shard (one partition of {@code ledger.entries.v1}) while this process owns it: appends each polled batch as one
 * append and signs a checkpoint when the policy says so. Storage calls are retried until
 * they succeed or the shard is taken away ({@link StorageRetry.Abandoned}), so no entry is ever skipped.
 */
final class ShardAppender {
    private static final System.Logger LOG = System.getLogger(ShardAppender.class.getName());

    private final String shard;
    private final LedgerWriter writer;
    private final CheckpointMaker checkpoints;
    private final CheckpointPolicy policy;
    private final StorageRetry retry;
    private final LedgerMetrics metrics;
    private final Clock clock;
    private Instant lastCheckpoint;
    /** The latest checkpoint, while it went out without a token; null once stamped or superseded. */
    private StoredCheckpoint unstamped;

    ShardAppender(String shard, LedgerWriter writer, CheckpointMaker checkpoints,
                  CheckpointPolicy policy, StorageRetry retry, LedgerMetrics metrics, Clock clock) {
        this.shard = shard;
        this.writer = writer;
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
        // The writer writes the index run before its commit point and compacts the index after it.
        AppendResult result = retry.run("append to shard " + shard, () -> writer.append(entries, nextOffset), pause);
        metrics.appended(result);
        return result.state();
    }

    /** Signs, stamps and stores a checkpoint of the committed tree when one is due; else does nothing. */
    Optional<LedgerState> checkpointIfDue(StorageRetry.Pause pause) throws InterruptedException {
        LedgerState state = writer.state();
        Instant now = clock.instant();
        if (!checkpoints.signs()) {
            return Optional.empty();
        }
        if (!policy.due(state, lastCheckpoint, now)) {
            return restampIfDue(state, now, pause);
        }
        CheckpointMaker.Prepared made = checkpoints.prepare(state);
        StoredCheckpoint stored = publish(made, pause);
        if (!Arrays.equals(stored.note(), made.note()) && stored.token() == null && checkpoints.stamps()) {
            // A writer killed after storing the note for this size (and before its state said so) signed it first; that
            // note stands, so it is the one to stamp.
            stored = stampAgain(stored, pause);
        }
        lastCheckpoint = now;
        unstamped = stored.token() == null && checkpoints.stamps() ? stored : null;
        metrics.checkpointed(shard, stored.size(), stored.token() != null);
        LOG.log(Level.DEBUG, "ledger shard " + shard + " checkpointed at size " + stored.size()
                + (stored.token() != null ? ", time-stamped" : ""));
        return Optional.of(writer.state());
    }

    /**
     * A quiet shard whose latest checkpoint went out unstamped (the TSA was away or slow) would otherwise wait for its
     * next entry to get a stamped one, and its last entries would stay "not time-stamped" meanwhile. So the same
     * signed note is stamped again every {@code interval} until a token holds; a new checkpoint supersedes it.
     */
    private Optional<LedgerState> restampIfDue(LedgerState state, Instant now, StorageRetry.Pause pause) throws InterruptedException {
        if (unstamped == null || unstamped.size() != state.size() || state.checkpointSize() != state.size()
                || now.isBefore(lastCheckpoint.plus(policy.interval()))) {
            return Optional.empty();
        }
        lastCheckpoint = now;
        StoredCheckpoint stored = stampAgain(unstamped, pause);
        if (stored.token() == null) {
            return Optional.empty();
        }
        // the same checkpoint, now with its token: not counted again in the checkpoints metric
        unstamped = null;
        LOG.log(Level.INFO, "ledger shard " + shard + ": checkpoint at size " + stored.size() + " time-stamped on a later try");
        return Optional.of(writer.state());
    }

    /** Asks the TSA again for a token over the stored note; the checkpoint with it if one came, else as it was. */
    private StoredCheckpoint stampAgain(StoredCheckpoint cp, StorageRetry.Pause pause) throws InterruptedException {
        CheckpointMaker.Prepared again = checkpoints.stamp(cp.size(), cp.note());
        return again.stamped() ? publish(again, pause) : cp;
    }

    private StoredCheckpoint publish(CheckpointMaker.Prepared made, StorageRetry.Pause pause) throws InterruptedException {
        return retry.run("checkpoint of shard " + shard, () -> writer.publishCheckpoint(made.size(), made.note(), made.token()), pause);
    }
}
