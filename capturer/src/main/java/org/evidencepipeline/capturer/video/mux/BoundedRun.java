package org.evidencepipeline.capturer.video.mux;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program (ffmpeg, ffprobe) on local files with a deadline and, optionally, a cap on the size of the
 * file it writes. When either is passed the program and its descendants are killed, so a hung or runaway program never
 * outlives the call. Output is read on the side and kept bounded, so a chatty program cannot block or fill memory.
 */
final class BoundedRun {
    /** How much of stderr is kept: the end, where ffmpeg writes why it failed. */
    static final int STDERR_TAIL = 8 * 1024;
    private static final long POLL_MILLIS = 20;

    enum Ending { EXITED, DEADLINE, TOO_LARGE }

    /**
     * @param exitCode the program's exit code, or -1 when it was killed
     * @param stdout   the first {@code maxStdout} bytes of stdout
     * @param stderr   the last {@link #STDERR_TAIL} bytes of stderr
     */
    record Result(Ending ending, int exitCode, byte[] stdout, String stderr) {
        /** The last non-blank line of stderr, or "" (ffmpeg's reason for failing is its last line). */
        String lastStderrLine() {
            String[] lines = stderr.strip().split("\\R");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    private BoundedRun() {
    }

    /**
     * @param watched  a file the program writes whose size is capped, or null
     * @param maxBytes the cap on {@code watched}
     */
    static Result run(List<String> command, Duration deadline, int maxStdout, Path watched, long maxBytes)
            throws IOException, InterruptedException {
        long deadlineNanos = System.nanoTime() + Math.max(0, deadline.toNanos());
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            CompletableFuture<byte[]> stdout = onThread("stdout", () -> head(process.getInputStream(), maxStdout));
            CompletableFuture<String> stderr = onThread("stderr", () -> tail(process.getErrorStream()));
            Ending ending = null;
            while (ending == null) {
                long left = deadlineNanos - System.nanoTime();
                if (process.waitFor(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS))),
                        TimeUnit.NANOSECONDS)) {
                    ending = Ending.EXITED;
                } else if (watched != null && size(watched) > maxBytes) {
                    ending = Ending.TOO_LARGE;
                } else if (System.nanoTime() - deadlineNanos >= 0) {
                    ending = Ending.DEADLINE;
                }
            }
            if (ending != Ending.EXITED) {
                kill(process);
            }
            // The streams end once the process is gone; bounded waits in case a stray descendant holds them open.
            byte[] out = stdout.completeOnTimeout(new byte[0], 2, TimeUnit.SECONDS).join();
            String err = stderr.completeOnTimeout("", 2, TimeUnit.SECONDS).join();
            return new Result(ending, ending == Ending.EXITED ? process.exitValue() : -1, out, err);
        } finally {
            if (process.isAlive()) {
                kill(process);
            }
        }
    }

    /** Kills the program and every descendant, and waits (bounded) until the program is gone. */
    static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** Own threads, not the common pool: blocking reads there could starve it (one worker on two cores). */
    private static <T> CompletableFuture<T> onThread(String name, java.util.function.Supplier<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(read.get()), "mux-" + name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // not written yet
        }
    }

    private static byte[] head(InputStream in, int max) {
        try (in) {
            byte[] kept = in.readNBytes(max);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // drain, so the program never blocks on a full pipe
            return kept;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String tail(InputStream in) {
        byte[] ring = new byte[STDERR_TAIL];
        long total = 0;
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    ring[(int) (total++ % STDERR_TAIL)] = buffer[i];
                }
            }
        } catch (IOException e) {
            // keep what was read
        }
        int length = (int) Math.min(total, STDERR_TAIL);
        byte[] kept = new byte[length];
        int start = (int) (total > STDERR_TAIL ? total % STDERR_TAIL : 0);
        for (int i = 0; i < length; i++) {
            kept[i] = ring[(start + i) % STDERR_TAIL];
        }
        return new String(kept, StandardCharsets.UTF_8);
    }
}
