package org.evidencepipeline.capturer.video.mux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FfmpegLocateTest {

    @Test
    void findsTheOsPackageOnPathWithItsVersionLineAndFfprobeBesideIt() throws Exception {
        Ffmpeg ffmpeg = Ffmpeg.locate(Optional.empty()).orElseThrow();

        assertThat(Files.isExecutable(ffmpeg.binary())).isTrue();
        assertThat(ffmpeg.version()).matches("ffmpeg version \\S+ .*").doesNotContain("\n");
        // The line is the binary's own: the same as a separate run prints first.
        Process run = new ProcessBuilder(ffmpeg.binary().toString(), "-version").start();
        String first = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                .orElseThrow();
        assertThat(ffmpeg.version()).isEqualTo(first.strip());
        assertThat(ffmpeg.ffprobe()).hasValueSatisfying(p ->
                assertThat(p).isEqualTo(ffmpeg.binary().toAbsolutePath().resolveSibling("ffprobe")));
    }

    @Test
    void aConfiguredPathIsUsedWhenItIsFfmpeg() {
        Path onPath = Ffmpeg.locate(Optional.empty()).orElseThrow().binary();

        assertThat(Ffmpeg.locate(Optional.of(onPath))).hasValueSatisfying(f -> assertThat(f.binary()).isEqualTo(onPath));
    }

    @Test
    void aWrongConfiguredPathMeansNoFfmpeg(@TempDir Path dir) {
        assertThat(Ffmpeg.locate(Optional.of(dir.resolve("no-ffmpeg")))).isEmpty();
        assertThat(Ffmpeg.locate(Optional.of(dir))).isEmpty();
    }

    @Test
    void aProgramThatIsNotFfmpegOrHangsMeansNoFfmpeg(@TempDir Path dir) throws IOException {
        Path impostor = script(dir.resolve("impostor"), "#!/bin/sh\necho hello\n");
        Path failing = script(dir.resolve("failing"), "#!/bin/sh\necho 'ffmpeg version 9'\nexit 3\n");
        Path notExecutable = dir.resolve("plain");
        Files.writeString(notExecutable, "#!/bin/sh\necho 'ffmpeg version 9'\n");

        assertThat(Ffmpeg.locate(Optional.of(impostor))).isEmpty();
        assertThat(Ffmpeg.locate(Optional.of(failing))).isEmpty();
        assertThat(Ffmpeg.locate(Optional.of(notExecutable))).isEmpty();
    }

    @Test
    void aVersionThatDoesNotAnswerWithinItsTimeoutIsKilledAndMeansNoFfmpeg(@TempDir Path dir) throws IOException {
        // Not exec: the shell and its child sleep are both to be killed.
        Path hung = script(dir.resolve("hung"), "#!/bin/sh\nsleep 59.731\necho 'ffmpeg version 9'\n");
        long started = System.nanoTime();

        assertThat(Ffmpeg.versionLine(hung, "ffmpeg version ", java.time.Duration.ofMillis(300))).isEmpty();

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(hung.toString()) || c.contains("sleep 59.731"))).isEmpty();
    }

    private static Path script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
