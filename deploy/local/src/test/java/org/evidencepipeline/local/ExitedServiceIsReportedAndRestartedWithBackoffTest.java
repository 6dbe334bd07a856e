package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that exits is noticed, reported with its exit code, log file and last log lines, and restarted after a
 * back-off that doubles per restart; once its fresh process stays up it shows as up again. Real child processes.
 */
class ExitedServiceIsReportedAndRestartedWithBackoffTest {
    /** Dies with code 3 on its first two runs (counting them in a marker file), then stays up. */
    private static final String DIES_TWICE = """
            n=$(cat "$MARKER_DIR/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$MARKER_DIR/runs"
            echo "run $n starting"
            if [ $n -le 2 ]; then sleep 0.2; echo "run $n: fatal error, exiting"; exit 3; fi
            exec sleep 60
            """;

    @Test
    void exitedServiceIsReportedAndRestartedWithDoublingBackoff(@TempDir Path dir) throws Exception {
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(400), Duration.ofSeconds(5), 5, Duration.ofMinutes(1));
        try (ShellServices shell = new ShellServices(dir, Map.of("storer", DIES_TWICE, "steady", "exec sleep 60"));
             ServiceSupervisor supervisor = new ServiceSupervisor(List.of("storer", "steady"), shell, policy, events::add)) {
            supervisor.start();
            assertThat(Eventually.until(() -> events.stream().filter(e -> e instanceof ServiceEvent.Restarted).count() == 2,
                    Duration.ofSeconds(20))).as("two restarts in " + events).isTrue();
            Thread.sleep(1000); // the third run stays up: no more events

            List<ServiceEvent> storer = events.stream().filter(e -> e.service().equals("storer")).toList();
            assertThat(storer).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("Exited", "Restarting", "Restarted", "Exited", "Restarting", "Restarted");
            ServiceEvent.Exited exited = (ServiceEvent.Exited) storer.get(0);
            assertThat(exited.exitCode()).isEqualTo(3);
            assertThat(exited.log()).isEqualTo(shell.log("storer"));
            assertThat(exited.lastLines()).containsExactly("run 1 starting", "run 1: fatal error, exiting");
            assertThat(exited.describe()).contains("storer EXITED with code 3").contains(shell.log("storer").toString())
                    .contains("| run 1: fatal error, exiting");
            assertThat(((ServiceEvent.Exited) storer.get(3)).lastLines()).endsWith("run 2: fatal error, exiting");

            ServiceEvent.Restarting first = (ServiceEvent.Restarting) storer.get(1);
            ServiceEvent.Restarting second = (ServiceEvent.Restarting) storer.get(4);
            assertThat(first.attempt()).isEqualTo(1);
            assertThat(first.delay()).isEqualTo(Duration.ofMillis(400));
            assertThat(second.attempt()).isEqualTo(2);
            assertThat(second.delay()).isEqualTo(Duration.ofMillis(800));
            // The launches really were that far apart: back-off, not a tight crash loop.
            List<Long> at = shell.launchedAtNanos;
            assertThat(shell.launches("storer")).isEqualTo(3);
            assertThat(shell.launches("steady")).isEqualTo(1);
            List<Long> storerAt = new java.util.ArrayList<>();
            for (int i = 0; i < shell.launched.size(); i++) {
                if (shell.launched.get(i).name().equals("storer")) {
                    storerAt.add(at.get(i));
                }
            }
            assertThat(Duration.ofNanos(storerAt.get(1) - storerAt.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(Duration.ofNanos(storerAt.get(2) - storerAt.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(800));

            assertThat(supervisor.gaveUp()).isEmpty();
            assertThat(supervisor.downSummary()).isEmpty();
            assertThat(shell.current("storer").isAlive()).isTrue();
        }
    }

    @Test
    void downServiceShowsInTheStateUntilItIsBack(@TempDir Path dir) throws Exception {
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2), 5, Duration.ofMinutes(1));
        try (ShellServices shell = new ShellServices(dir, Map.of("storer", DIES_TWICE));
             ServiceSupervisor supervisor = new ServiceSupervisor(List.of("storer"), shell, policy, events::add)) {
            supervisor.start();
            assertThat(Eventually.until(() -> !events.isEmpty(), Duration.ofSeconds(5))).isTrue();
            assertThat(Eventually.until(() -> supervisor.states().get("storer") instanceof ServiceState.Restarting,
                    Duration.ofSeconds(2))).isTrue();
            assertThat(supervisor.downSummary()).isEqualTo("storer DOWN (exit 3), restarting 1/5");
        }
    }

    @Test
    void backoffDoublesUpToItsCap() {
        RestartPolicy policy = RestartPolicy.defaults();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20)).extracting(policy::delayBefore).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
