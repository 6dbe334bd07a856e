package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./pipeline run} started as a user starts it (the root script, the built services, a feed served on this
 * machine): the {@code --allow-cidrs} list reaches every fetching stage, a service killed with {@code kill -9} is
 * reported and restarted, one that may not be restarted any more ends the run with status 3 and a summary, and
 * SIGTERM (at any point, even during start-up) stops everything within 30 s without a stack trace or a leftover
 * process.
 */
class PipelineRunIsSupervisedAndStopsCleanlyIT {
    private static final Duration START_UP = Duration.ofMinutes(4); // generous: CI machines are shared
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final String ALLOW = "127.0.0.0/8,10.11.0.0/16";

    private final Path home = Path.of(System.getProperty("pipeline.home", "../..")).toAbsolutePath().normalize();

    @Test
    void allowCidrsReachEveryStageAKilledStorerIsRestartedAndSigtermStopsWithin30s(@TempDir Path dir) throws Exception {
        try (DemoFeed feed = DemoFeed.start();
             PipelineCommand run = PipelineCommand.start(home, dir.resolve("out.txt"), "run",
                     "--collections", collections(dir, feed).toString(), "--data-dir", dir.resolve("data").toString(),
                     "--allow-cidrs", ALLOW)) {
            assertThat(run.awaitOutput("Press Ctrl-C to stop.", START_UP)).as(run.output()).isTrue();

            // Each stage got the list as its own setting, in its environment.
            for (String service : LocalPipeline.SERVICES) {
                ProcessHandle h = run.service(service).orElseThrow(() -> new AssertionError(service + " not running: " + run.output()));
                String setting = LocalPipeline.environmentName(LocalPipeline.ALLOW_CIDRS_SETTING.get(service));
                assertThat(PipelineCommand.environment(h)).as(service).contains(setting + "=" + ALLOW);
            }
            // Media served on loopback are replayed, not refused ...
            assertThat(run.awaitOutput("archived " + feed.postCount() + " ", Duration.ofMinutes(2))).as(run.output()).isTrue();
            assertThat(run.output()).containsPattern("media \\{[^}]*stored=\\d");
            // ... and the storer's own configuration says why (it logs its allow-list when it builds its downloader).
            assertThat(Files.readString(dir.resolve("data/logs/storer.log")))
                    .contains("downloads may reach internal networks [127.0.0.0/8, 10.11.0.0/16] (storer.download.allow-cidrs)");

            ProcessHandle storer = run.service("storer").orElseThrow();
            storer.destroyForcibly();
            assertThat(run.awaitOutput("storer EXITED with code 137", Duration.ofSeconds(20))).as(run.output()).isTrue();
            assertThat(run.output()).contains("storer restarting in 1.0 s (restart 1 of at most 5)")
                    .contains(dir.resolve("data/logs/storer.log").toString());
            assertThat(run.awaitOutput("storer up again", START_UP)).as(run.output()).isTrue();
            assertThat(run.output()).as("the progress line shows it down").contains("| storer DOWN (exit 137), restarting 1/5");
            assertThat(run.service("storer")).isPresent().get().extracting(ProcessHandle::pid).isNotEqualTo(storer.pid());

            assertStopsCleanlyOnSigterm(run);
        }
    }

    @Test
    void serviceWithNoRestartsLeftEndsTheRunWithStatus3AndASummary(@TempDir Path dir) throws Exception {
        try (DemoFeed feed = DemoFeed.start();
             PipelineCommand run = PipelineCommand.start(home, dir.resolve("out.txt"), "run",
                     "--collections", collections(dir, feed).toString(), "--data-dir", dir.resolve("data").toString(),
                     "--max-restarts", "0")) {
            assertThat(run.awaitOutput("Press Ctrl-C to stop.", START_UP)).as(run.output()).isTrue();
            List<ProcessHandle> children = run.process().descendants().toList();
            run.service("collector").orElseThrow().destroyForcibly();

            assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.output()).isEqualTo(3);
            String out = run.output();
            assertThat(out).contains("collector EXITED with code 137")
                    .contains("GAVE UP on collector: it exited again (code 137) after 0 restart(s) within 600 s")
                    .contains("FAILED: ").contains("Summary").contains("collector DOWN (exit 137), given up after 0 restart(s)")
                    .contains("stopped services, S3 server and broker in");
            assertNoStackTrace(out);
            assertAllGone(children);
        }
    }

    @Test
    void ctrlCDuringStartUpStopsWithin30sWithoutRestartsOrStackTrace(@TempDir Path dir) throws Exception {
        assumeTrue(PipelineCommand.canStartInOwnProcessGroup(), "needs /proc, perl and setsid to play a terminal's Ctrl-C");
        try (DemoFeed feed = DemoFeed.start();
             PipelineCommand run = PipelineCommand.startInOwnProcessGroup(home, dir.resolve("out.txt"), "run",
                     "--collections", collections(dir, feed).toString(), "--data-dir", dir.resolve("data").toString())) {
            // One service is up, the others are starting: the moment that once ended in "this.process is null". A
            // terminal's Ctrl-C sends SIGINT to the whole process group, so the services get it too and exit at once.
            assertThat(run.awaitOutput("storer up at", START_UP)).as(run.output()).isTrue();
            List<ProcessHandle> children = run.process().descendants().toList();
            long t0 = System.nanoTime();
            run.interruptProcessGroup();
            int status = run.awaitExit(STOP_LIMIT);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String out = run.output();
            System.out.println("Ctrl-C to exit: " + took.toMillis() + " ms, status " + status);
            assertThat(status).as("exit status within " + STOP_LIMIT + "\n" + out).isIn(0, 130);
            assertThat(out).contains("stopped services, S3 server and broker in").doesNotContain("Press Ctrl-C to stop.")
                    .doesNotContain("EXITED").doesNotContain("restarting").doesNotContain("ERROR");
            assertNoStackTrace(out);
            assertAllGone(children);
        }
    }

    private static void assertStopsCleanlyOnSigterm(PipelineCommand run) throws Exception {
        List<ProcessHandle> children = run.process().descendants().toList();
        assertThat(children).as("services and S3 server").isNotEmpty();
        long t0 = System.nanoTime();
        run.process().destroy(); // SIGTERM
        int status = run.awaitExit(STOP_LIMIT);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String out = run.output();
        System.out.println("SIGTERM to exit: " + took.toMillis() + " ms, status " + status);
        assertThat(status).as("exit status within " + STOP_LIMIT + "\n" + out).isIn(0, 143);
        assertThat(took).isLessThan(STOP_LIMIT);
        assertThat(out).contains("stopped services, S3 server and broker in");
        assertNoStackTrace(out);
        assertAllGone(children);
    }

    private static void assertNoStackTrace(String out) {
        assertThat(out).doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(").doesNotContain("Exception in thread")
                .doesNotContain("NullPointerException").doesNotContain("is null");
    }

    private static void assertAllGone(List<ProcessHandle> children) throws InterruptedException {
        assertThat(Eventually.until(() -> children.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(5)))
                .as("no service or S3 server left running: " + children.stream().filter(ProcessHandle::isAlive)
                        .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList()).isTrue();
    }

    private static Path collections(Path dir, DemoFeed feed) throws Exception {
        return Files.writeString(dir.resolve("collections.yaml"), feed.collectionsYaml());
    }
}
