package org.evidencepipeline.capturer.browser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chromium and chromedriver of the OS packages (Debian/Ubuntu {@code chromium} and {@code chromium-driver}), found on
 * PATH or at the configured paths, with the versions they report.
 *
 * <p>Debian's {@code /usr/bin/chromium} is a shell launcher that sources {@code /etc/chromium.d/*}: it exports Google API
 * keys into the environment and adds flags of its own (extensions, GPU rasterization). A capture must run with exactly
 * the flags it records, so when the located program is such a launcher (a script naming {@code LIBDIR} and
 * {@code APPNAME}) the real binary it would exec is used instead.
 */
public record ChromiumInstall(Path chromium, Path chromedriver, String version, String driverVersion) {

    /** The one line a user sees where Chromium is missing, with the command that installs it. */
    public static final String MISSING = "Chromium not found: page capture is off. Install it with: sudo apt-get install -y chromium chromium-driver";

    private static final List<String> BROWSER_NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+){1,3})");
    private static final Pattern LIBDIR = Pattern.compile("(?m)^LIBDIR=(\\S+)\\s*$");
    private static final Pattern APPNAME = Pattern.compile("(?m)^APPNAME=(\\S+)\\s*$");
    private static final long VERSION_TIMEOUT_SECONDS = 15;

    /**
     * Finds both programs: the configured path when given, else {@code chromium}, {@code chromium-browser} or
     * {@code google-chrome} and {@code chromedriver} on PATH; runs each with {@code --version}.
     *
     * @return empty when either is missing or does not run
     */
    public static Optional<ChromiumInstall> locate(Optional<Path> chromium, Optional<Path> chromedriver) {
        Optional<Path> browser = chromium.isPresent() ? chromium.filter(Files::isExecutable) : onPath(BROWSER_NAMES);
        Optional<Path> driver = chromedriver.isPresent() ? chromedriver.filter(Files::isExecutable)
                : onPath(List.of("chromedriver"));
        if (browser.isEmpty() || driver.isEmpty()) {
            return Optional.empty();
        }
        Path binary = unwrapLauncher(browser.get());
        Optional<String> version = version(binary);
        Optional<String> driverVersion = version(driver.get());
        if (version.isEmpty() || driverVersion.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChromiumInstall(binary, driver.get(), version.get(), driverVersion.get()));
    }

    static Optional<Path> onPath(List<String> names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The binary a Debian-style launcher script execs ({@code $LIBDIR/$APPNAME}), or the program itself. */
    static Path unwrapLauncher(Path program) {
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(program)) {
                head = in.readNBytes(2);
            }
            if (head.length < 2 || head[0] != '#' || head[1] != '!' || Files.size(program) > 1_000_000) {
                return program;
            }
            String script = Files.readString(program, StandardCharsets.ISO_8859_1);
            Matcher lib = LIBDIR.matcher(script);
            Matcher app = APPNAME.matcher(script);
            if (lib.find() && app.find() && script.contains("$LIBDIR/$APPNAME")) {
                // Debian writes LIBDIR=/usr/lib/$APPNAME
                String dir = lib.group(1).replace("${APPNAME}", app.group(1)).replace("$APPNAME", app.group(1));
                Path binary = Path.of(dir, app.group(1));
                if (Files.isRegularFile(binary) && Files.isExecutable(binary)) {
                    return binary;
                }
            }
            return program;
        } catch (IOException | RuntimeException e) {
            return program;
        }
    }

    /** The first dotted number {@code program --version} prints, e.g. "156.0.8078.114". */
    static Optional<String> version(Path program) {
        Process process = null;
        try {
            process = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Process started = process;
            // Read on the side so a chatty or hung program cannot block us past the timeout.
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = started.getInputStream()) {
                    return in.readNBytes(64 * 1024);
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            return parseVersion(new String(output.get(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (IOException | ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    static Optional<String> parseVersion(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
