package org.evidencepipeline.capturer.video.ytdlp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Finding yt-dlp: only a program that runs and answers {@code --version} in time counts as installed. */
class YtDlpLocateTest {
    @TempDir
    Path dir;

    @Test
    void aConfiguredPathThatDoesNotExistIsAbsent() {
        assertThat(YtDlp.locate(Optional.of(dir.resolve("no-such-yt-dlp")))).isEmpty();
    }

    @Test
    void aConfiguredFileThatIsNotExecutableIsAbsent() throws Exception {
        Path plain = Files.writeString(dir.resolve("yt-dlp"), "#!/bin/sh\necho 2023.03.04\n");
        assertThat(YtDlp.locate(Optional.of(plain))).isEmpty();
    }

    @Test
    void aProgramWhoseVersionFailsIsAbsent() throws Exception {
        Path failing = YtDlpFixture.script(dir, "yt-dlp", "echo broken >&2; exit 3");
        assertThat(YtDlp.locate(Optional.of(failing))).isEmpty();
    }

    @Test
    void aProgramThatHangsIsAbsentAfterTheTimeout() throws Exception {
        Path hanging = YtDlpFixture.script(dir, "yt-dlp", "sleep 30; echo 2023.03.04");
        long started = System.nanoTime();
        assertThat(YtDlp.locate(Optional.of(hanging), Duration.ofSeconds(1))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(YtDlpFixture.liveDescendants(hanging.toString())).isEmpty();
    }

    @Test
    void aConfiguredProgramIsUsedWithTheVersionItPrints() throws Exception {
        Path fake = YtDlpFixture.script(dir, "yt-dlp", "echo 2099.01.02");
        Optional<YtDlp> found = YtDlp.locate(Optional.of(fake));
        assertThat(found).hasValueSatisfying(y -> {
            assertThat(y.binary()).isEqualTo(fake.toAbsolutePath());
            assertThat(y.version()).isEqualTo("2099.01.02");
        });
    }

    @Test
    void unsetItIsTheYtDlpOnPathWithItsVersion() {
        Optional<YtDlp> found = YtDlp.locate(Optional.empty());
        assumeTrue(found.isPresent(), "yt-dlp is not installed (CI installs it)");
        assertThat(found.get().binary()).isAbsolute().satisfies(b -> assertThat(b.getFileName().toString()).isEqualTo("yt-dlp"));
        assertThat(found.get().version()).matches("\\d{4}\\.\\d{2}\\.\\d{2}.*");
    }
}
