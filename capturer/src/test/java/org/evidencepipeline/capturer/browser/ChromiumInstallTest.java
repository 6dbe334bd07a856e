package org.evidencepipeline.capturer.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChromiumInstallTest {

    @Test
    void findsTheOsPackagesOnPathWithTheirVersions() throws IOException {
        ChromiumInstall install = TestBrowsers.install();

        assertThat(install.version()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(install.driverVersion()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(Files.isExecutable(install.chromium())).isTrue();
        assertThat(Files.isExecutable(install.chromedriver())).isTrue();
        // Debian's launcher script is looked through: the capture runs the binary with only its own flags.
        assertThat(ChromiumInstall.unwrapLauncher(install.chromium())).isEqualTo(install.chromium());
        assertThat(firstBytes(install.chromium())).isNotEqualTo("#!");
    }

    private static String firstBytes(Path program) throws IOException {
        try (var in = Files.newInputStream(program)) {
            return new String(in.readNBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aConfiguredPathThatIsMissingMeansNoInstall(@TempDir Path dir) {
        assertThat(ChromiumInstall.locate(Optional.of(dir.resolve("no-chromium")), Optional.empty())).isEmpty();
        assertThat(ChromiumInstall.locate(Optional.empty(), Optional.of(dir.resolve("no-driver")))).isEmpty();
    }

    @Test
    void aProgramThatFailsItsVersionCheckMeansNoInstall(@TempDir Path dir) throws IOException {
        Path broken = script(dir.resolve("chromium"), "#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n");

        assertThat(ChromiumInstall.version(broken)).isEmpty();
        assertThat(ChromiumInstall.locate(Optional.of(broken), Optional.empty())).isEmpty();
    }

    @Test
    void theVersionIsTheFirstDottedNumberPrinted(@TempDir Path dir) throws IOException {
        assertThat(ChromiumInstall.parseVersion("Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)"))
                .hasValue("156.0.8078.114");
        assertThat(ChromiumInstall.parseVersion("ChromeDriver 156.0.8078.114 (ea19f97373-refs/branch-heads/8078_108@{#5})"))
                .hasValue("156.0.8078.114");
        assertThat(ChromiumInstall.version(script(dir.resolve("v"), "#!/bin/sh\necho 'Google Chrome 131.0.6778.85 '\n")))
                .hasValue("131.0.6778.85");
    }

    @Test
    void aDebianStyleLauncherResolvesToTheBinaryItExecs(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib/chromium"));
        Path binary = script(lib.resolve("chromium"), "#!/bin/sh\necho 'Chromium 1.2.3.4'\n");
        Path launcher = script(dir.resolve("chromium"), "#!/bin/sh\nAPPNAME=chromium\nLIBDIR=" + dir.resolve("lib")
                + "/$APPNAME\nexport GOOGLE_API_KEY=x\nexec $LIBDIR/$APPNAME $CHROMIUM_FLAGS \"$@\"\n");

        assertThat(ChromiumInstall.unwrapLauncher(launcher)).isEqualTo(binary);
        assertThat(ChromiumInstall.unwrapLauncher(script(dir.resolve("other"), "#!/bin/sh\nexec /bin/true\n")))
                .isEqualTo(dir.resolve("other"));
    }

    private static Path script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
