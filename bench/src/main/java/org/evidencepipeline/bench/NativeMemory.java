package org.evidencepipeline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service JVM's memory is spent on, by Native Memory Tracking category (Java Heap, Class, Thread, Code, GC, ...):
 * the committed KB of {@code jcmd <pid> VM.native_memory summary}. The bench starts every service with
 * {@code -XX:NativeMemoryTracking=summary} (in {@code JAVA_TOOL_OPTIONS}). {@code rssKb} is VmRSS read right after: RSS
 * above NMT's total is memory the JVM does not track (glibc malloc arenas, mapped jar files).
 */
record NativeMemory(long totalKb, Map<String, Long> committedKb, long rssKb) {
    /** The option that turns tracking on; it costs a few percent of CPU and about 1 to 2 MB per JVM. */
    static final String OPTION = "-XX:NativeMemoryTracking=summary";
    /** The categories the report shows apart; the rest are summed as "other". */
    static final List<String> SHOWN = List.of("Java Heap", "Metaspace", "Class", "Thread", "Code", "GC", "Compiler", "Internal", "Symbol");

    private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

    static NativeMemory none() {
        return new NativeMemory(0, Map.of(), 0);
    }

    boolean known() {
        return totalKb > 0;
    }

    long kb(String category) {
        return committedKb.getOrDefault(category, 0L);
    }

    long otherKb() {
        return totalKb - SHOWN.stream().mapToLong(this::kb).sum();
    }

    /** The summary of a running JVM, or {@link #none()} when it has no tracking or jcmd fails. */
    static NativeMemory of(long pid) {
        NativeMemory parsed = Jcmd.run(pid, "VM.native_memory", "summary").map(NativeMemory::parse).orElse(none());
        return parsed.known() ? new NativeMemory(parsed.totalKb(), parsed.committedKb(), ProcStats.statusKb(pid, "VmRSS")) : parsed;
    }

    static NativeMemory parse(String summary) {
        Matcher total = TOTAL.matcher(summary);
        if (!total.find()) {
            return none();
        }
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher m = CATEGORY.matcher(summary);
        while (m.find()) {
            committed.put(m.group(1).trim(), Long.parseLong(m.group(3)));
        }
        return new NativeMemory(Long.parseLong(total.group(2)), committed, 0);
    }
}
