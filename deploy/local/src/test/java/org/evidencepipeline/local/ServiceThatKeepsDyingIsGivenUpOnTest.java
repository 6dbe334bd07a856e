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
 * A service that dies at every start is restarted exactly as often as the policy allows within its window, then
 * given up on loudly: a GaveUp event, its state, and {@link ServiceSupervisor#awaitGiveUp} returning it (what ends
 * the run with exit status 3). Real child processes ({@code sh -c 'exit 7'}).
 */
class ServiceThatKeepsDyingIsGivenUpOnTest {

    @Test
    void serviceThatKeepsDyingIsGivenUpOnAfterTheAllowedRestarts(@TempDir Path dir) throws Exception {
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 3, Duration.ofMinutes(1));
        try (ShellServices shell = new ShellServices(dir, Map.of("enricher", "sleep 0.2; echo 'cannot bind port'; exit 7",
                "collector", "exec sleep 60"));
             ServiceSupervisor supervisor = new ServiceSupervisor(List.of("enricher", "collector"), shell, policy, events::add)) {
            supervisor.start();
            ServiceEvent.GaveUp g = supervisor.awaitGiveUp(Duration.ofSeconds(20)).orElseThrow();

            assertThat(g.service()).isEqualTo("enricher");
            assertThat(g.restarts()).isEqualTo(3);
            assertThat(g.lastExitCode()).isEqualTo(7);
            assertThat(g.log()).isEqualTo(shell.log("enricher"));
            assertThat(g.describe()).startsWith("GAVE UP on enricher").contains("3 restart(s) within 60 s");
            // the first process and exactly three restarts, no fourth
            Thread.sleep(600);
            assertThat(shell.launches("enricher")).isEqualTo(4);
            assertThat(events.stream().filter(e -> e instanceof ServiceEvent.Exited).count()).isEqualTo(4);
            assertThat(events.stream().filter(e -> e instanceof ServiceEvent.Restarting)).extracting(e -> ((ServiceEvent.Restarting) e).delay())
                    .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(events.get(events.size() - 1)).isEqualTo(g);
            assertThat(supervisor.states().get("enricher")).isEqualTo(new ServiceState.GaveUp(3, 7));
            assertThat(supervisor.downSummary()).isEqualTo("enricher DOWN (exit 7), given up after 3 restart(s)");
            assertThat(supervisor.states().get("collector")).isEqualTo(new ServiceState.Up());
        }
    }

    @Test
    void noRestartsAllowedGivesUpOnTheFirstExit(@TempDir Path dir) throws Exception {
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        RestartPolicy policy = RestartPolicy.defaults().withMaxRestarts(0, Duration.ofMinutes(10));
        try (ShellServices shell = new ShellServices(dir, Map.of("storer", "sleep 0.3; exit 137"));
             ServiceSupervisor supervisor = new ServiceSupervisor(List.of("storer"), shell, policy, events::add)) {
            supervisor.start();
            ServiceEvent.GaveUp g = supervisor.awaitGiveUp(Duration.ofSeconds(10)).orElseThrow();
            assertThat(g.restarts()).isZero();
            assertThat(g.lastExitCode()).isEqualTo(137);
            assertThat(shell.launches("storer")).isEqualTo(1);
            assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Exited", "GaveUp");
            assertThat(events.get(0).describe()).contains("code 137 (killed: SIGKILL");
        }
    }

    @Test
    void exitsAfterStopAreNeitherReportedNorRestarted(@TempDir Path dir) throws Exception {
        List<ServiceEvent> events = new CopyOnWriteArrayList<>();
        try (ShellServices shell = new ShellServices(dir, Map.of("storer", "exec sleep 60"));
             ServiceSupervisor supervisor = new ServiceSupervisor(List.of("storer"), shell, RestartPolicy.defaults(), events::add)) {
            supervisor.start();
            supervisor.stop();
            shell.current("storer").stop(Duration.ofSeconds(5));
            Thread.sleep(ServiceSupervisor.SETTLE.toMillis() + 500);
            assertThat(events).isEmpty();
            assertThat(shell.launches("storer")).isEqualTo(1);
            assertThat(supervisor.awaitGiveUp(Duration.ofMillis(10))).isEmpty();
        }
    }
}
