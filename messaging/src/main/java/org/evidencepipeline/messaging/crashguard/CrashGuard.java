package org.evidencepipeline.messaging.crashguard;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

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
 * Thread-safe: the consumers of one process share one guard; each record is one short synchronized step.
 */
public final class CrashGuard {
    private static final Logger LOG = Logger.getLogger(CrashGuard.class);

    private final MarkerStore store;
    private final int maxCrashes;
    private final Clock clock;
    /** Crashed markers by partition, then offset. */
    private final Map<Slot, NavigableMap<Long, Marker>> crashed = new HashMap<>();
    /** What this process has in hand, by partition (to clear only its own marker). */
    private final Map<Slot, RecordInHand> inHand = new HashMap<>();

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

    /** Before processing {@code r}: writes its marker and says whether to process it or dead-letter it. */
    public synchronized Admission admit(RecordInHand r) {
        Slot slot = Slot.of(r);
        Marker earlier = null;
        NavigableMap<Long, Marker> ofPartition = crashed.get(slot);
        if (ofPartition != null) {
            // Offsets arrive in order: markers below this offset are of records settled elsewhere or gone.
            for (Marker stale : List.copyOf(ofPartition.headMap(r.offset(), false).values())) {
                LOG.infof("dropping crash marker of %s: its partition has moved past it", stale.record());
                drop(ofPartition, stale);
            }
            Marker same = ofPartition.get(r.offset());
            if (same != null && same.record().equals(r)) {
                earlier = same;
            } else if (same != null) {
                LOG.infof("dropping crash marker of %s: offset %d now holds another record", same.record(), r.offset());
                drop(ofPartition, same);
            }
            if (ofPartition.isEmpty()) {
                crashed.remove(slot);
            }
        }
        if (earlier != null && earlier.attempts() >= maxCrashes) {
            inHand.remove(slot);
            store.clearInHand(r.topic(), r.partition());
            return new Admission.DeadLetter(earlier.attempts(), earlier.firstAttempt());
        }
        Marker now = earlier == null ? new Marker(r, 1, clock.instant()) : earlier.nextAttempt();
        store.putInHand(now);
        inHand.put(slot, r);
        return new Admission.Process(now.attempts());
    }

    /** {@code r} is acknowledged or dead-lettered: its markers go. */
    public synchronized void settled(RecordInHand r) {
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
