package org.evidencepipeline.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One of the services running as its own JVM from its Quarkus build ({@code target/quarkus-app}),
 * with a bounded heap, its log in a file, and start-up awaited on its health endpoint.
 * <p>
 * Safe to use from several threads (the runtime's main thread, the supervisor and the shutdown hook): the
 * process handle is never cleared, so a stop racing a start-up wait or another stop cannot see it vanish.
 */
public final class ServiceProcess implements AutoCloseable {
    /** How long {@link #stop()} waits after SIGTERM before SIGKILL; Kubernetes' default is 30 s, a laptop wants less. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(3);

    private final String name;
    private final List<String> command;
    private final int httpPort;
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;

    public ServiceProcess(String name, Path jar, String heap, int httpPort, Map<String, String> properties, Path log) {
        this(name, jar, heap, httpPort, properties, Map.of(), log);
    }

    /**
     * @param environment extra environment variables, for secrets (S3 keys, the API token): unlike {@code -D}
     *                    properties they do not show in the process list ({@code ps}, {@code /proc/<pid>/cmdline})
     */
    public ServiceProcess(String name, Path jar, String heap, int httpPort, Map<String, String> properties,
                          Map<String, String> environment, Path log) {
        this(name, jar, heap, httpPort, properties, environment, List.of(), log);
    }

    /**
     * @param jvmOptions JVM options after {@link #JVM_OPTIONS}, so they win over them (the C1 compiler only, see
     *                   {@code LocalPipeline.Settings.defaultJvmOptions}; the bench's comparisons)
     */
    public ServiceProcess(String name, Path jar, String heap, int httpPort, Map<String, String> properties,
                          Map<String, String> environment, List<String> jvmOptions, Path log) {
        this(name, javaCommand(jar, heap, httpPort, jvmOptions, properties), httpPort, withMallocArenas(environment), log);
    }

    /**
     * What every service's JVM runs with besides its heap. Measured in the bench on 2 cores (BENCHMARKS.md, "Memory:
     * the collector and the storer within 256 MB"):
     * <ul>
     * <li>the serial collector: on heaps this small G1's own structures took 40 MB of each service's RSS, more than
     *     the live heap of the collector or the storer;</li>
     * <li>{@code -Xms32m} and heap free ratios of 10 to 30 %: the heap grows from 32 MB only as far as the live data
     *     needs and gives memory back after a full collection, instead of being touched up to {@code -Xmx} (the
     *     collector and the storer keep about 30 MB live);</li>
     * <li>temporary direct buffers the JDK caches per thread for socket I/O kept only up to 256 KiB each.</li>
     * </ul>
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xms32m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Djdk.nio.maxCachedBufferSize=262144");

    /** glibc's malloc arenas, two instead of eight per core: their untouched-but-resident pages are RSS nobody uses. */
    private static Map<String, String> withMallocArenas(Map<String, String> environment) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("MALLOC_ARENA_MAX", "2");
        env.putAll(environment);
        return env;
    }

    private ServiceProcess(String name, List<String> command, int httpPort, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.httpPort = httpPort;
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /**
     * Any command as a supervised process without an HTTP endpoint: it counts as started as soon as it runs.
     * For tools and tests of the supervisor ({@code sh -c 'exit 3'}).
     */
    public static ServiceProcess ofCommand(String name, List<String> command, Map<String, String> environment, Path log) {
        return new ServiceProcess(name, command, -1, environment, log);
    }

    private static List<String> javaCommand(Path jar, String heap, int httpPort, List<String> jvmOptions,
                                            Map<String, String> properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(jvmOptions);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dquarkus.http.port=" + httpPort);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    public String name() {
        return name;
    }

    /** The HTTP port; -1 for a command without one. */
    public int httpPort() {
        return httpPort;
    }

    public String url() {
        return httpPort < 0 ? null : "http://localhost:" + httpPort;
    }

    public Path log() {
        return log;
    }

    /** The command line it runs (secrets are never in it: they go in the environment). */
    public List<String> command() {
        return command;
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The exit code once the process has ended; empty while it runs or before it started. */
    public OptionalInt exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
        }
        if (httpPort >= 0) {
            Path jar = Path.of(command.get(command.size() - 1));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + " is not built (" + jar + " missing); run ./mvnw -DskipTests package first");
            }
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until the service answers its liveness endpoint (a command without one: until it runs). */
    public void awaitStarted(Duration timeout) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        if (httpPort < 0) {
            if (!p.isAlive()) {
                throw exitedDuringStartUp(p);
            }
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw exitedDuringStartUp(p);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": start-up wait interrupted");
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " did not start within " + timeout + "; see " + log);
    }

    private IllegalStateException exitedDuringStartUp(Process p) {
        StringBuilder b = new StringBuilder(name + " exited during start-up (code " + p.exitValue() + "); log " + log);
        List<String> last = lastLogLines(5);
        if (!last.isEmpty()) {
            b.append("; last lines:");
            last.forEach(l -> b.append("\n    | ").append(l));
        }
        return new IllegalStateException(b.toString());
    }

    /** Blocks until the process ends and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return p.waitFor();
    }

    /** Stops the service the way Kubernetes would: SIGTERM, then SIGKILL after {@link #STOP_GRACE}. */
    public void stop() {
        stop(STOP_GRACE);
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL; returns true if it exited on SIGTERM (or was not running). */
    public boolean stop(Duration grace) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return true;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            p.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            killLeftBehind(children);
        }
        return false;
    }

    /**
     * Kills the service without warning (kill -9), as a crash would, with every process it started: in a container the
     * kernel ends them all with it, and here a browser the capturer ran must not outlive it (orphaned, still holding
     * hundreds of MB).
     */
    public void kill() {
        Process p = process;
        if (p != null) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                killLeftBehind(children);
            }
        }
    }

    /**
     * SIGKILL for the processes a service had started that are still there after it ended (a clean stop has already
     * ended them). The handles were taken while it ran, so a recycled pid is not hit: a handle knows its start time.
     */
    private static void killLeftBehind(List<ProcessHandle> children) {
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /** The last {@code n} lines of its log file (at most the last 64 KiB are read): what to show when it died. */
    public List<String> lastLogLines(int n) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - 65536);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(tail);
            List<String> lines = new ArrayList<>(Arrays.asList(new String(tail, StandardCharsets.UTF_8).split("\\R")));
            lines.removeIf(String::isBlank);
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
