package org.evidencepipeline.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.LogManager;

/**
 * The one way {@code ./pipeline} stops, whoever asks: the shutdown hook (SIGTERM, Ctrl-C) or the normal end of a
 * run. It runs once (a second caller waits for the first and returns), stops the runtime within its bounds
 * ({@link LocalPipeline#stop()}), prints one "stopped" line, and halts the JVM if the broker's shutdown hung.
 * Once it has begun, failures in the threads it is stopping are expected and not shown (see {@link #requested()}).
 */
final class Shutdown {
    /** Exit status when the hook has to halt a hung broker; what the JVM reports for SIGTERM. */
    static final int SIGTERM_STATUS = 143;

    private final PrintStream out;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch requestedLatch = new CountDownLatch(1);
    private volatile LocalPipeline pipeline;
    private volatile AutoCloseable afterwards;
    private boolean done;

    Shutdown(PrintStream out) {
        this.out = out;
    }

    /** Registers the shutdown hook; call before anything is started, so a signal during start-up also stops it all. */
    Shutdown install() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requestedLatch.countDown();
            if (!requested.get()) {
                out.println("stop requested (signal); stopping services, S3 server and broker (at most 30 s)...");
            }
            stop(SIGTERM_STATUS);
        }, "pipeline-shutdown"));
        return this;
    }

    /** What to stop; {@code afterwards} (the demo feed) is closed after the pipeline. */
    void manage(LocalPipeline pipeline, AutoCloseable afterwards) {
        this.pipeline = pipeline;
        this.afterwards = afterwards;
    }

    /** True once stopping began: from then on, errors of the threads being stopped are expected. */
    boolean requested() {
        return requested.get();
    }

    /**
     * Whether stopping begins within {@code wait}: a Ctrl-C reaches the services too, and one dying of it may make the
     * main thread fail a moment before our own hook runs. Such a failure is part of stopping, not news.
     */
    boolean awaitRequested(Duration wait) {
        try {
            return requestedLatch.await(wait.toMillis(), TimeUnit.MILLISECONDS) || requested();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return requested();
        }
    }

    /** Stops everything once; {@code status} is what the JVM exits with if it must be halted. */
    synchronized void stop(int status) {
        requested.set(true);
        requestedLatch.countDown();
        if (done) {
            return;
        }
        done = true;
        silenceLibraries();
        LocalPipeline p = pipeline;
        LocalPipeline.StopReport report = p == null ? null : p.stop();
        AutoCloseable after = afterwards;
        if (after != null) {
            try {
                after.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        if (report == null) {
            return;
        }
        StringBuilder line = new StringBuilder("stopped services, S3 server and broker in " + report.millis() + " ms");
        if (!report.forced().isEmpty()) {
            line.append("; killed ").append(report.forced()).append(" after ").append(ServiceProcess.STOP_GRACE.toSeconds())
                    .append(" s without exiting on SIGTERM");
        }
        if (!report.s3Stopped()) {
            line.append("; the S3 server did not stop within ").append(LocalPipeline.S3_STOP_BUDGET.toSeconds()).append(" s");
        }
        if (!report.brokerStopped()) {
            line.append("; the broker did not stop within ").append(LocalPipeline.BROKER_STOP_BUDGET.toSeconds())
                    .append(" s, halting (its log is recovered on the next start)");
            out.println(line);
            out.flush();
            Runtime.getRuntime().halt(status);
        }
        out.println(line);
        out.flush();
    }

    /** While the broker and its clients go away they log disconnects and interrupted threads: nothing a user needs. */
    private static void silenceLibraries() {
        String config = """
                handlers=java.util.logging.ConsoleHandler
                .level=SEVERE
                java.util.logging.ConsoleHandler.level=SEVERE
                org.apache.kafka.level=OFF
                kafka.level=OFF
                state.change.logger.level=OFF
                org.gaul.level=OFF
                org.eclipse.jetty.level=OFF
                """;
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException ignored) {
            // keep the current levels
        }
    }
}
