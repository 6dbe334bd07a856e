package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service that cannot start says why where the user looks: exit code, log file and the log's last lines. */
class ServiceExitingDuringStartUpIsReportedWithItsLogTest {

    @Test
    void startUpFailureCarriesExitCodeLogFileAndLastLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("collector.log");
        ServiceProcess p = ServiceProcess.ofCommand("collector", List.of("sh", "-c",
                "echo 'Configuration validation failed:'; echo 'SRCFG00050: collector.x does not map to any root'; exit 1"), Map.of(), log);
        p.start();
        assertThat(p.awaitExit()).isEqualTo(1);
        assertThatThrownBy(() -> p.awaitStarted(Duration.ofSeconds(5)))
                .hasMessage("collector exited during start-up (code 1); log " + log + "; last lines:"
                        + "\n    | Configuration validation failed:\n    | SRCFG00050: collector.x does not map to any root");
        assertThat(p.exitCode()).hasValue(1);
    }
}
