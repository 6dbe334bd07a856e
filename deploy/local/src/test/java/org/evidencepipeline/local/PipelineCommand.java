package org.evidencepipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./pipeline ...} as a user runs it: the real script at the repository root as a child process (the script
 * execs the JVM, so this process is the runtime), its output in a file the test reads while it runs.
 */
final class PipelineCommand implements AutoCloseable {
    private final Process process;
    private final Path output;

    private PipelineCommand(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static PipelineCommand start(Path home, Path output, String... args) throws IOException {
        return start(List.of(), home, output, args);
    }

    /**
     * In a process group of its own (setsid) with SIGINT at its default, as a terminal runs a foreground job: see
     * {@link #interruptProcessGroup()}. (A job started in the background, as a build may be, inherits SIGINT ignored,
     * and a JVM keeps it so; perl resets it before exec: the shell cannot.)
     */
    static PipelineCommand startInOwnProcessGroup(Path home, Path output, String... args) throws IOException {
        return start(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "setsid"), home, output, args);
    }

    /** Whether {@link #startInOwnProcessGroup} can work here (Linux with perl and setsid). */
    static boolean canStartInOwnProcessGroup() {
        return Files.isDirectory(Path.of("/proc/self")) && onPath("perl") && onPath("setsid");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static PipelineCommand start(List<String> prefix, Path home, Path output, String... args) throws IOException {
        return start(prefix, java.util.Map.of(), home, output, args);
    }

    /** With {@code env} added to the environment, as a user sets variables before the command. */
    static PipelineCommand startWith(java.util.Map<String, String> env, Path home, Path output, String... args) throws IOException {
        return start(List.of(), env, home, output, args);
    }

    private static PipelineCommand start(List<String> prefix, java.util.Map<String, String> env, Path home, Path output,
                                         String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(home.resolve("pipeline").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment().putAll(env);
        return new PipelineCommand(b.start(), output);
    }

    Process process() {
        return process;
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output contains {@code text}; false if the run ended or {@code timeout} passed first. */
    boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(200);
        }
        return output().contains(text);
    }

    /** The service JVM of {@code service} among the runtime's descendants (matched by its build's jar). */
    Optional<ProcessHandle> service(String service) {
        String jar = "/" + service + "/target/quarkus-app/quarkus-run.jar";
        return process.descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(jar)).orElse(false))
                .findFirst();
    }

    /** Its environment as the kernel holds it ({@code /proc/<pid>/environ}, Linux). */
    static List<String> environment(ProcessHandle h) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(h.pid()), "environ"));
        return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }

    /**
     * Ctrl-C in a terminal: SIGINT to every process of the group (the runtime, its services, the S3 server). Only for a
     * command started with {@link #startInOwnProcessGroup}: the group must not be the test's own.
     */
    void interruptProcessGroup() throws IOException, InterruptedException {
        long pgid = processGroup(process.pid());
        if (pgid == processGroup(ProcessHandle.current().pid())) {
            throw new IllegalStateException("the runtime shares the test's process group; start it with startInOwnProcessGroup");
        }
        int status = new ProcessBuilder("kill", "-INT", "--", "-" + pgid).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException("kill -INT -" + pgid + " failed: " + status);
        }
    }

    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // pid (comm) state ppid pgrp ...; comm may contain spaces, so count from the closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }

    /** Waits for the runtime to end; its exit status, or -1 if it did not within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        List<ProcessHandle> left = process.descendants().toList();
        process.destroyForcibly();
        left.forEach(ProcessHandle::destroyForcibly);
    }
}
