package org.evidencepipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Memory and CPU of a process from /proc (Linux): VmHWM / VmRSS, and utime+stime in clock ticks. */
final class ProcStats {
    static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ProcStats() {
    }

    /** A field of /proc/pid/status in kB (e.g. VmHWM, VmRSS), or -1 if the process is gone. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    /** CPU seconds (user + system) the process has used so far, or -1 if it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(3) ppid ... utime is field 14, stime 15 (1-based) => index 11, 12 here
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** Machine-wide busy CPU seconds (all cores) so far, from /proc/stat. */
    static double machineBusySeconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Samples VmRSS of named processes and keeps the largest seen (VmHWM covers the whole life). */
    static final class Sampler {
        final Map<String, Long> pids = new LinkedHashMap<>();
        final Map<String, Long> maxRssKb = new LinkedHashMap<>();

        void add(String name, long pid) {
            pids.put(name, pid);
        }

        void sample() {
            pids.forEach((name, pid) -> {
                long rss = statusKb(pid, "VmRSS");
                if (rss > 0) {
                    maxRssKb.merge(name, rss, Math::max);
                }
            });
        }
    }
}
