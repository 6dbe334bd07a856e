package org.evidencepipeline.capturer.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The processes of one browser start, read from {@code /proc}: the launched process and its descendants, plus any
 * process whose command line names the start's profile directory. Chromium's crashpad handlers double-fork away from
 * the browser (their parent becomes init), so descent alone would miss them and they would outlive a kill.
 */
final class ProcessTree {
    private static final Path PROC = Path.of("/proc");

    private final ProcessHandle root;
    private final String marker;

    ProcessTree(ProcessHandle root, String marker) {
        this.root = root;
        this.marker = marker;
    }

    long rootPid() {
        return root.pid();
    }

    boolean rootAlive() {
        return root.isAlive();
    }

    Set<Long> pids() {
        Set<Long> pids = new LinkedHashSet<>();
        if (root.isAlive()) {
            pids.add(root.pid());
        }
        root.descendants().forEach(p -> pids.add(p.pid()));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (!pids.contains(pid) && cmdline(pid).contains(marker)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: descendants are what we have
        }
        return pids;
    }

    /** Sum over the tree of a {@code /proc/<pid>/status} field given in kB, such as VmRSS or VmHWM, in bytes. */
    static long sumBytes(Set<Long> pids, String field) {
        long total = 0;
        for (long pid : pids) {
            total += statusKb(pid, field).orElse(0L) * 1024;
        }
        return total;
    }

    static Optional<Long> statusKb(long pid, String field) {
        return status(pid, field).map(v -> Long.parseLong(v.split("\\s+")[0]));
    }

    static Optional<String> status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(line.substring(field.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended while we looked
        }
        return Optional.empty();
    }

    /** The NUL-separated command line joined with spaces; empty for a process that is gone or a kernel thread. */
    static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    /** SIGKILL to every process of the tree (a hung renderer ignores nothing less), then waits briefly for the root. */
    void kill() {
        for (int round = 0; round < 3; round++) {
            Set<Long> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            try {
                root.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // try the next round
            }
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
