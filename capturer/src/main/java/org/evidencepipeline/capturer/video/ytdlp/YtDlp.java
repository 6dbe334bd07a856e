package org.evidencepipeline.capturer.video.ytdlp;

import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The external yt-dlp program, found on PATH or at a configured path, with its version. */
public final class YtDlp {
    /** The skipped outcome's reason where yt-dlp is absent. */
    public static final String MISSING = "yt-dlp not found: pages only yt-dlp can read are not captured as video "
            + "(install it: apt-get install -y yt-dlp, or set capturer.video.yt-dlp)";

    private static final Logger LOG = Logger.getLogger(YtDlp.class);
    /** A cold Python start on a loaded machine takes a few seconds; a program that hangs longer is not usable. */
    static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Path binary;
    private final String version;

    private YtDlp(Path binary, String version) {
        this.binary = binary;
        this.version = version;
    }

    /** @param configured capturer.video.yt-dlp; unset: {@code yt-dlp} on PATH */
    public static Optional<YtDlp> locate(Optional<Path> configured) {
        return locate(configured, VERSION_TIMEOUT);
    }

    static Optional<YtDlp> locate(Optional<Path> configured, Duration timeout) {
        Optional<Path> binary = configured.isPresent() ? configured.filter(Files::isRegularFile) : onPath("yt-dlp");
        if (binary.isEmpty() || !Files.isExecutable(binary.get())) {
            LOG.debugf("yt-dlp not found (%s)", configured.map(Path::toString).orElse("yt-dlp on PATH"));
            return Optional.empty();
        }
        return version(binary.get().toAbsolutePath(), timeout).map(v -> new YtDlp(binary.get().toAbsolutePath(), v));
    }

    public Path binary() {
        return binary;
    }

    /** {@code yt-dlp --version}, e.g. {@code 2023.03.04}. */
    public String version() {
        return version;
    }

    /** The PATH handed to child processes: the capturer's own, or the usual system directories. */
    static String path() {
        String path = System.getenv("PATH");
        return path == null || path.isBlank() ? DEFAULT_PATH : path;
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : path().split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code --version} in a bare environment: exit 0 and one short printable line, within the timeout. */
    private static Optional<String> version(Path binary, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--ignore-config", "--version");
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", path(), "LANG", "C.UTF-8", "HOME", System.getProperty("java.io.tmpdir")));
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            LOG.debugf("yt-dlp at %s cannot run: %s", binary, e.getMessage());
            return Optional.empty();
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // it reads nothing
        }
        OutputTail out = OutputTail.start(p.getInputStream(), "version", LOG, List.of());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(p);
                LOG.debugf("yt-dlp at %s did not answer --version within %s", binary, timeout);
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            ProcessTree.kill(p);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        out.await(2_000);
        String line = out.lastLine();
        if (p.exitValue() != 0 || !line.matches("[\\x21-\\x7e]{1,64}")) {
            LOG.debugf("yt-dlp at %s: --version exited %d with %s", binary, p.exitValue(), line);
            return Optional.empty();
        }
        return Optional.of(line);
    }
}
