package org.evidencepipeline.messaging.crashguard;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Decides, for each arriving record, whether to process it or to dead-letter it because it crashed this consumer
 * {@code maxCrashes} times, and keeps the markers that make that decision possible after the process dies.
 * <p>
 * Before a record is processed its marker is written ({@link #admit}); when it is settled (acknowledged or
 * dead-lettered) the marker is removed ({@link #settled}). At construction (start of the process) markers left
 * behind are records that were in hand when an earlier process died: each is one crash of that record.
 * <p>
 * Such a marker is acted on only when its own record arrives here again: same topic, partition and offset, same
 * key, size and CRC-32C. It is dropped, without acting, once a later offset of its partition arrives (another
 * instance settled the record while this one did not own the partition, or retention removed it). So a marker of a
 * partition that moved to another instance never dead-letters anything: that instance processes the record with
 * its own count, and it is dead-lettered only where it actually crashed a consumer twice. The price is that crashes
 * are counted per instance, so a record that crashes every instance it lands on may crash each of them up to
 * {@code maxCrashes} times before one dead-letters it; a shared count (a compacted topic) would need a broker
 * round trip before every record, which is what this stage can least afford, and the crash loop that matters (a
 * pod restarted in place, the same partitions assigned back) is caught with a local count.
 * <p>
 * A process dies with every consumer's record in hand (three with concurrency=3), and only one of them killed it;
 * the others are counted a crash too. So that an innocent record is never counted twice just for being slow beside
 * a poisoned one, a record that was in hand at a crash is retried <em>alone</em> among such records: it waits in
 * {@link #admit} until no other such record is in hand (records never in hand at a crash do not wait). Its second
 * crash is then one at which it was the only suspect in hand; innocents in hand beside it are counted once, and
 * pass their own retry alone.
 * <p>
 * Thread-safe: the consumers of one process share one guard; each record is one short synchronized step.
 */
public final class CrashGuard {
    private static final Logger LOG = Logger.getLogger(CrashGuard.class);
    /** Longest wait for the retry alone; past it the record is retried beside the other (and the wait logged). */
    static final Duration PROBATION_WAIT = Duration.ofMinutes(10);

    private final MarkerStore store;
    private final int maxCrashes;
    private final Clock clock;
    /** Crashed markers by partition, then offset. */
    private final Map<Slot, NavigableMap<Long, Marker>> crashed = new HashMap<>();
    /** What this process has in hand, by partition (to clear only its own marker). */
    private final Map<Slot, RecordInHand> inHand = new HashMap<>();
    /** One record that was in hand at a crash is processed at a time: the one holding this. */
    private final Semaphore probation = new Semaphore(1);
    private RecordInHand onProbation;

    private record Slot(String topic, int partition) {
        static Slot of(RecordInHand r) {
            return new Slot(r.topic(), r.partition());
        }
    }

    public CrashGuard(Path dir, int maxCrashes, Clock clock) {
        if (maxCrashes < 1) {
            throw new IllegalArgumentException("maxCrashes must be at least 1");
        }
        this.store = new MarkerStore(dir);
        this.maxCrashes = maxCrashes;
        this.clock = clock;
        store.moveLeftoversToCrashed();
        for (Marker m : store.crashed()) {
            crashed.computeIfAbsent(Slot.of(m.record()), s -> new TreeMap<>()).put(m.record().offset(), m);
            LOG.warnf("record %s was in hand when an earlier process died (%d crash%s since %s); it is %s when it comes again",
                    m.record(), m.attempts(), m.attempts() == 1 ? "" : "es", m.firstAttempt(),
                    m.attempts() >= maxCrashes ? "dead-lettered" : "processed once more");
        }
    }

    /**
     * Before processing {@code r}: writes its marker and says whether to process it or dead-letter it. A record that
     * was in hand at a crash waits here until no other such record is in hand (see the class comment).
     */
    public Admission admit(RecordInHand r) {
        Marker earlier;
        synchronized (this) {
            earlier = earlierCrashesOf(r);
            if (earlier != null && earlier.attempts() >= maxCrashes) {
                inHand.remove(Slot.of(r));
                store.clearInHand(r.topic(), r.partition());
                return new Admission.DeadLetter(earlier.attempts(), earlier.firstAttempt());
            }
            if (earlier == null) {
                return inHand(new Marker(r, 1, clock.instant()));
            }
        }
        boolean alone = awaitProbation(r);
        synchronized (this) {
            if (alone) {
                onProbation = r;
            }
            return inHand(earlier.nextAttempt());
        }
    }

    private Admission inHand(Marker m) {
        store.putInHand(m);
        inHand.put(Slot.of(m.record()), m.record());
        return new Admission.Process(m.attempts());
    }

    private boolean awaitProbation(RecordInHand r) {
        try {
            if (probation.tryAcquire(PROBATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warnf("processing %s while another record that was in hand at a crash is still processed (waited %s)", r, PROBATION_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The crash marker of {@code r} itself, if any; markers of its partition that can no longer come are dropped. */
    private Marker earlierCrashesOf(RecordInHand r) {
        Slot slot = Slot.of(r);
        NavigableMap<Long, Marker> ofPartition = crashed.get(slot);
        if (ofPartition == null) {
            return null;
        }
        // Offsets arrive in order: markers below this offset are of records settled elsewhere or gone.
        for (Marker stale : List.copyOf(ofPartition.headMap(r.offset(), false).values())) {
            LOG.infof("dropping crash marker of %s: its partition has moved past it", stale.record());
            drop(ofPartition, stale);
        }
        Marker same = ofPartition.get(r.offset());
        Marker earlier = null;
        if (same != null && same.record().equals(r)) {
            earlier = same;
        } else if (same != null) {
            LOG.infof("dropping crash marker of %s: offset %d now holds another record", same.record(), r.offset());
            drop(ofPartition, same);
        }
        if (ofPartition.isEmpty()) {
            crashed.remove(slot);
        }
        return earlier;
    }

    /**
     * {@code r} failed with an {@link Error} (OutOfMemoryError, StackOverflowError) and the process may linger: its
     * markers stay (it counts as a crash at the next start), but other records may be retried alone meanwhile.
     */
    public synchronized void abandoned(RecordInHand r) {
        endProbation(r);
    }

    private void endProbation(RecordInHand r) {
        if (r.equals(onProbation)) {
            onProbation = null;
            probation.release();
        }
    }

    /** {@code r} is acknowledged or dead-lettered: its markers go. */
    public synchronized void settled(RecordInHand r) {
        endProbation(r);
        Slot slot = Slot.of(r);
        if (r.equals(inHand.get(slot))) {
            inHand.remove(slot);
            store.clearInHand(r.topic(), r.partition());
        }
        NavigableMap<Long, Marker> ofPartition = crashed.get(slot);
        if (ofPartition != null) {
            Marker m = ofPartition.get(r.offset());
            if (m != null && m.record().equals(r)) {
                drop(ofPartition, m);
            }
            if (ofPartition.isEmpty()) {
                crashed.remove(slot);
            }
        }
    }

    /** Records that crashed an earlier process and have not come round again yet. */
    public synchronized List<Marker> crashedRecords() {
        return crashed.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** Closes the marker files (their content stays, as after a crash). */
    public void close() {
        store.close();
    }

    private void drop(NavigableMap<Long, Marker> ofPartition, Marker m) {
        ofPartition.remove(m.record().offset());
        store.clearCrashed(m.record());
    }
}
