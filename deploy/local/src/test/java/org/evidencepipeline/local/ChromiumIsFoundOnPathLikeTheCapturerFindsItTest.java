package org.evidencepipeline.local;

import org.evidencepipeline.capturer.browser.ChromiumInstall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the local runtime decides whether page capture can work here, before it starts the capturer: both programs,
 * executable, on PATH (in PATH order, any of the browser's package names) or where the capturer's settings say.
 */
class ChromiumIsFoundOnPathLikeTheCapturerFindsItTest {
    @TempDir
    Path dir;

    @Test
    void bothOnPathAreFoundInPathOrder() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path browser = executable(second.resolve("chromium-browser"));
        Path driver = executable(first.resolve("chromedriver"));
        executable(second.resolve("chromedriver"));
        String path = first + File.pathSeparator + second;

        assertThat(ChromiumOnPath.find(path, Optional.empty(), Optional.empty()))
                .contains(new ChromiumOnPath(browser, driver));
    }

    @Test
    void aMissingDriverOrANonExecutableBrowserIsNotFound() throws Exception {
        executable(dir.resolve("chromium"));
        assertThat(ChromiumOnPath.find(dir.toString(), Optional.empty(), Optional.empty())).as("no chromedriver").isEmpty();

        Files.delete(dir.resolve("chromium"));
        Files.writeString(dir.resolve("chromium"), "#!/bin/sh\n"); // not executable
        executable(dir.resolve("chromedriver"));
        assertThat(ChromiumOnPath.find(dir.toString(), Optional.empty(), Optional.empty())).as("chromium not executable").isEmpty();
        assertThat(ChromiumOnPath.find("", Optional.empty(), Optional.empty())).as("empty PATH").isEmpty();
    }

    @Test
    void configuredPathsWinAndMustExist() throws Exception {
        Path onPath = Files.createDirectories(dir.resolve("bin"));
        executable(onPath.resolve("chromium"));
        Path driver = executable(onPath.resolve("chromedriver"));
        Path configured = executable(dir.resolve("my-chromium"));

        assertThat(ChromiumOnPath.find(onPath.toString(), Optional.of(configured), Optional.empty()))
                .contains(new ChromiumOnPath(configured, driver));
        assertThat(ChromiumOnPath.find(onPath.toString(), Optional.of(dir.resolve("no-such-chromium")), Optional.empty()))
                .as("a configured path that is not there is not replaced by PATH").isEmpty();
    }

    @Test
    void theMissingLineIsTheCapturersWordForWord() {
        assertThat(ChromiumOnPath.MISSING).isEqualTo(ChromiumInstall.MISSING)
                .contains("sudo apt-get install -y chromium chromium-driver");
    }

    private static Path executable(Path p) throws Exception {
        Files.writeString(p, "#!/bin/sh\necho 1\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
