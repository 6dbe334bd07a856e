package org.evidencepipeline.capturer.browser;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The Chromium and chromedriver of the OS packages (Debian/Ubuntu {@code chromium} and {@code chromium-driver}), found on
 * PATH or at the configured paths, with the versions they report.
 */
public record ChromiumInstall(Path chromium, Path chromedriver, String version, String driverVersion) {

    /** The one line a user sees where Chromium is missing, with the command that installs it. */
    public static final String MISSING = "Chromium not found: page capture is off. Install it with: sudo apt-get install -y chromium chromium-driver";

    /**
     * Finds both programs: the configured path when given, else {@code chromium}, {@code chromium-browser} or
     * {@code google-chrome} and {@code chromedriver} on PATH; runs each with {@code --version}.
     *
     * @return empty when either is missing or does not run
     */
    public static Optional<ChromiumInstall> locate(Optional<Path> chromium, Optional<Path> chromedriver) {
        throw new UnsupportedOperationException("TODO browser");
    }
}
