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
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("pipeline").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new PipelineCommand(p, output);
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
