package org.evidencepipeline.ledger.index;

import org.evidencepipeline.ledger.LedgerLayout;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's identity: merge level and the leaves {@code [first, last]} it covers, named
 * {@code ledger/<shard>/index/<level>/<first>-<last>} with 20-digit zero-padded numbers, so the same range is always
 * the same object and keys sort by level, then leaf.
 */
record RunName(int level, long first, long last) {
    private static final Pattern NAME = Pattern.compile("(\\d+)/(\\d{20})-(\\d{20})");

    RunName {
        if (level < 0 || first < 0 || last < first) {
            throw new IllegalArgumentException("run " + level + "/" + first + "-" + last);
        }
    }

    String key(String shard) {
        return LedgerLayout.indexPrefix(shard) + level + "/" + String.format("%020d-%020d", first, last);
    }

    static Optional<RunName> parse(String shard, String key) {
        String prefix = LedgerLayout.indexPrefix(shard);
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(key.substring(prefix.length()));
        if (!m.matches()) {
            return Optional.empty(); // not ours (e.g. a partial upload's temp name): ignore
        }
        long first = Long.parseLong(m.group(2));
        long last = Long.parseLong(m.group(3));
        return last < first ? Optional.empty() : Optional.of(new RunName(Integer.parseInt(m.group(1)), first, last));
    }

    long leaves() {
        return last - first + 1;
    }

    boolean contains(long from, long to) {
        return first <= from && to <= last;
    }

    boolean intersects(long from, long to) {
        return first <= to && from <= last;
    }
}
