package org.evidencepipeline.capturer.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One start of Chromium: a fresh profile directory owned by the browser's user, the process started with the capture
 * flags and a DevTools port chosen by Chromium ({@code --remote-debugging-port=0}, announced in the profile's
 * {@code DevToolsActivePort} file), and the means to kill its whole process tree.
 */
final class ChromiumProcess {
    private static final String LOG = "chromium.log";

    private final Path profile;
    private final Process process;
    private final ProcessTree tree;
    private final int devToolsPort;

    private ChromiumProcess(Path profile, Process process, int devToolsPort) {
        this.profile = profile;
        this.process = process;
        this.tree = new ProcessTree(process.toHandle(), profile.toString());
        this.devToolsPort = devToolsPort;
    }

    static ChromiumProcess start(ChromiumInstall install, BrowserSettings settings, Unprivileged user, Instant deadline)
            throws IOException {
        Files.createDirectories(settings.workDir());
        if (user.uid().isPresent()) {
            // The unprivileged browser must traverse the work dir to reach its profile; it need not list it.
            Files.setPosixFilePermissions(settings.workDir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path profile = settings.workDir().resolve("chromium-" + UUID.randomUUID());
        Files.createDirectory(profile);
        user.own(profile);
        writePreferences(profile, user);
        List<String> command = new ArrayList<>();
        command.add(install.chromium().toString());
        command.addAll(ChromiumFlags.of(settings, profile));
        ProcessBuilder builder = new ProcessBuilder(user.wrap(command))
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve(LOG).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // Nothing of the capturer's environment (S3 keys, tokens) reaches the browser: a minimal one of its own.
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", profile.toString());
        env.put("XDG_CONFIG_HOME", profile.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", profile.resolve(".cache").toString());
        env.put("TZ", "UTC");
        env.put("LANG", "C.UTF-8");
        Process process = builder.start();
        Path portFile = profile.resolve("DevToolsActivePort");
        while (true) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(0).isBlank()) {
                    return new ChromiumProcess(profile, process, Integer.parseInt(lines.get(0).trim()));
                }
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String why = process.isAlive() ? "did not open its DevTools port in time" : "exited with " + process.exitValue();
                String log = tail(profile.resolve(LOG));
                ChromiumProcess failed = new ChromiumProcess(profile, process, -1);
                failed.kill();
                failed.deleteProfile();
                throw new IOException("Chromium " + why + (log.isEmpty() ? "" : ": " + log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Chromium started", e);
            }
        }
    }

    /**
     * Preferences the command line cannot set. WebRTC: the flag {@code --force-webrtc-ip-handling-policy} is not
     * honoured by current builds (host UDP candidates were still gathered), the preference is; with it a page's WebRTC
     * sends no UDP around the proxy and reveals no local address. Downloads: never prompt, and go nowhere (they are
     * also denied over DevTools).
     */
    private static void writePreferences(Path profile, Unprivileged user) throws IOException {
        Path defaultProfile = Files.createDirectory(profile.resolve("Default"));
        Path preferences = defaultProfile.resolve("Preferences");
        Files.writeString(preferences, """
                {"webrtc": {"ip_handling_policy": "disable_non_proxied_udp", "multiple_routes_enabled": false,
                            "nonproxied_udp_enabled": false},
                 "download": {"prompt_for_download": false, "default_directory": "/nonexistent"},
                 "profile": {"default_content_setting_values": {"automatic_downloads": 2, "notifications": 2,
                             "geolocation": 2, "media_stream_camera": 2, "media_stream_mic": 2}},
                 "credentials_enable_service": false, "translate": {"enabled": false}}
                """, StandardCharsets.UTF_8);
        user.own(defaultProfile);
        user.own(preferences);
    }

    String debuggerAddress() {
        return "127.0.0.1:" + devToolsPort;
    }

    ProcessTree tree() {
        return tree;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path profile() {
        return profile;
    }

    /** Beside the profile, not in it: a root process naming the profile path would count as part of the browser. */
    Path driverLog() {
        return profile.resolveSibling(profile.getFileName().toString().replace("chromium-", "chromedriver-") + ".log");
    }

    void kill() {
        tree.kill();
    }

    void deleteProfile() {
        try {
            Files.deleteIfExists(driverLog());
        } catch (IOException ignored) {
            // best effort
        }
        if (!Files.exists(profile)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file a dying process still writes; the next sweep of the work dir takes it
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // best effort: a profile holds nothing the capture needs
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> relevant = lines.stream().filter(l -> !l.contains("dbus")).toList();
            List<String> last = relevant.subList(Math.max(0, relevant.size() - 3), relevant.size());
            return String.join(" | ", last);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
