package org.evidencepipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's heap holds once garbage is gone: {@code jcmd <pid> GC.class_histogram} runs a full GC and lists the
 * live objects by class. Read after the run, so it is the heap a service keeps, not its peak.
 */
record LiveHeap(long liveKb, List<Entry> top) {
    record Entry(String className, long instances, long kb) {
    }

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    static LiveHeap none() {
        return new LiveHeap(0, List.of());
    }

    boolean known() {
        return liveKb > 0;
    }

    /** The live heap and its {@code n} largest classes, or {@link #none()} when jcmd fails. */
    static LiveHeap of(long pid, int n) {
        return Jcmd.run(pid, "GC.class_histogram").map(h -> parse(h, n)).orElse(none());
    }

    static LiveHeap parse(String histogram, int n) {
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            return none();
        }
        List<Entry> top = new ArrayList<>();
        Matcher row = ROW.matcher(histogram);
        while (top.size() < n && row.find()) { // jcmd lists the classes by bytes, largest first
            top.add(new Entry(row.group(3), Long.parseLong(row.group(1)), Long.parseLong(row.group(2)) / 1024));
        }
        return new LiveHeap(Long.parseLong(total.group(2)) / 1024, List.copyOf(top));
    }
}
