package org.evidencepipeline.capturer.video.mux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedRunTest {

    @Test
    void aChattyProgramKeepsOnlyTheEndOfStderrAndTheStartOfStdoutAndIsNeverBlockedByThem() throws Exception {
        // 1 MiB on each stream: more than a pipe holds, so an unread stream would hang the program
        String script = "head -c 1048576 /dev/zero | tr '\\0' a; head -c 1048576 /dev/zero | tr '\\0' b >&2; "
                + "echo >&2; echo 'the reason' >&2";

        BoundedRun.Result run = BoundedRun.run(List.of("sh", "-c", script), Duration.ofSeconds(30), 100, null, 0);

        assertThat(run.ending()).isEqualTo(BoundedRun.Ending.EXITED);
        assertThat(run.exitCode()).isZero();
        assertThat(new String(run.stdout(), StandardCharsets.UTF_8)).isEqualTo("a".repeat(100));
        assertThat(run.stderr()).hasSize(BoundedRun.STDERR_TAIL).endsWith("b\nthe reason\n");
        assertThat(run.lastStderrLine()).isEqualTo("the reason");
    }

    @Test
    void aFileGrowingPastItsCapStopsTheProgram(@TempDir Path dir) throws Exception {
        Path grown = dir.resolve("grown");
        String script = "while true; do head -c 65536 /dev/zero >> '" + grown + "'; sleep 0.01; done";

        BoundedRun.Result run = BoundedRun.run(List.of("sh", "-c", script), Duration.ofSeconds(30), 0, grown, 100_000);

        assertThat(run.ending()).isEqualTo(BoundedRun.Ending.TOO_LARGE);
        assertThat(run.exitCode()).isEqualTo(-1);
        assertThat(Encode.running(grown.toString())).isZero();
    }
}
