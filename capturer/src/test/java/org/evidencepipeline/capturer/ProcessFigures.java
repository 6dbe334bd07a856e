package org.evidencepipeline.capturer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU and memory figures of this JVM and the processes under it, from /proc, for the capturer's benchmarks. */
public final class ProcessFigures {
    private ProcessFigures() {
    }

    /** utime+stime+cutime+cstime of this process and every live descendant: reaped children count in their parent. */
    public static double treeCpuSeconds() {
        long ticks = ticks(ProcessHandle.current().pid());
        ticks += ProcessHandle.current().descendants().mapToLong(p -> ticks(p.pid())).sum();
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /** utime+stime of this JVM alone (its live children not counted). */
    public static double selfCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU of the live descendants whose command line contains the text (e.g. the S3 server's jar). */
    public static double descendantsCpuSeconds(String commandLineContains) {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().map(c -> c.contains(commandLineContains)).orElse(false))
                .mapToLong(h -> ticks(h.pid())).sum() / 100.0;
    }

    /** This JVM's peak resident memory ({@code VmHWM}). */
    public static long jvmPeakRss() throws IOException {
        return statusBytes(ProcessHandle.current().pid(), "VmHWM:");
    }

    /** A process's resident memory now ({@code VmRSS}), 0 when it is gone. */
    public static long rss(long pid) {
        try {
            return statusBytes(pid, "VmRSS:");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long statusBytes(long pid, String field) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.filter(l -> l.startsWith(field)).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        }
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields after "(comm)": state is f[0]; utime, stime, cutime, cstime are fields 14-17 of the whole line.
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // exited meanwhile: counted in its parent's cutime once reaped
        }
    }
}
