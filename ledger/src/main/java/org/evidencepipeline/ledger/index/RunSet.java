package org.evidencepipeline.ledger.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which runs a lookup reads: the maximal ones, i.e. those no other run's range contains (of two with the same range,
 * the higher level). A merged run holds every posting of the runs it covers, so those are never read again; runs that
 * only overlap (a retried append after a crash) are both read and their leaves de-duplicated.
 */
final class RunSet {
    private static final Comparator<RunName> ORDER = Comparator.comparingLong(RunName::first)
            .thenComparing(Comparator.comparingLong(RunName::last).reversed())
            .thenComparing(Comparator.comparingInt(RunName::level).reversed());

    private RunSet() {
    }

    /** The maximal runs, by first leaf; each also ends later than the one before. */
    static List<RunName> maximal(Collection<RunName> runs) {
        List<RunName> sorted = new ArrayList<>(runs);
        sorted.sort(ORDER);
        List<RunName> out = new ArrayList<>();
        long reach = -1;
        for (RunName r : sorted) {
            if (r.last() > reach) {
                out.add(r);
                reach = r.last();
            }
        }
        return out;
    }

    /** The maximal run containing {@code [from, to]}, or null. */
    static RunName containing(List<RunName> maximal, long from, long to) {
        int lo = 0;
        int hi = maximal.size();
        while (lo < hi) { // first run starting after from
            int mid = (lo + hi) >>> 1;
            if (maximal.get(mid).first() <= from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // the last run starting at or before from also reaches furthest of those
        return lo == 0 || !maximal.get(lo - 1).contains(from, to) ? null : maximal.get(lo - 1);
    }

    /** The maximal runs with a leaf in {@code [from, to]}. */
    static List<RunName> intersecting(List<RunName> maximal, long from, long to) {
        List<RunName> out = new ArrayList<>();
        for (RunName r : maximal) {
            if (r.first() > to) {
                break;
            }
            if (r.intersects(from, to)) {
                out.add(r);
            }
        }
        return out;
    }
}
