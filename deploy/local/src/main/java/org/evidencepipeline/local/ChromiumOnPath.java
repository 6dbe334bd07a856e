package org.evidencepipeline.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine has the browser the capturer drives: Chromium and chromedriver from the OS packages, looked up
 * the way the capturer looks them up (the configured path, else {@code chromium}, {@code chromium-browser} or
 * {@code google-chrome}, and {@code chromedriver}, on PATH). Only checks that executable files are there: the local
 * runtime must not pull the capturer's classes (Quarkus, Selenium) onto its own class path to answer that, and the
 * capturer itself runs each with {@code --version} and records {@code skipped} with its own reason if one does not run.
 */
public record ChromiumOnPath(Path chromium, Path chromedriver) {
    /** The one line a user sees where Chromium is missing (the capturer's {@code ChromiumInstall.MISSING}, word for word). */
    public static final String MISSING =
            "Chromium not found: page capture is off. Install it with: sudo apt-get install -y chromium chromium-driver";
    static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");
    static final String DRIVER = "chromedriver";

    /**
     * @param path         the PATH to search ({@code System.getenv("PATH")}); null or empty searches nothing
     * @param chromium     the configured browser ({@code capturer.browser.chromium}), which then must be executable
     * @param chromedriver the configured driver ({@code capturer.browser.chromedriver}), likewise
     * @return empty unless both are found
     */
    public static Optional<ChromiumOnPath> find(String path, Optional<Path> chromium, Optional<Path> chromedriver) {
        Optional<Path> browser = chromium.isPresent() ? chromium.filter(ChromiumOnPath::executable) : onPath(path, BROWSERS);
        Optional<Path> driver = chromedriver.isPresent() ? chromedriver.filter(ChromiumOnPath::executable) : onPath(path, List.of(DRIVER));
        return browser.isPresent() && driver.isPresent() ? Optional.of(new ChromiumOnPath(browser.get(), driver.get())) : Optional.empty();
    }

    private static Optional<Path> onPath(String path, List<String> names) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    Path candidate = Path.of(dir).resolve(name);
                    if (executable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
