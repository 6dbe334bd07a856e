package org.evidencepipeline.capturer.video.mux;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The OS package's ffmpeg (and its ffprobe), found on PATH or at a configured path, with its version line. */
public final class Ffmpeg {
    /** Logged once and given as the mux note when ffmpeg is absent. */
    public static final String MISSING = "ffmpeg not found: parts and playlists are kept, no playable file is muxed "
            + "(install the OS package: apt-get install -y ffmpeg, or set capturer.video.ffmpeg)";

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    private final Path ffmpeg;
    private final Path ffprobe;
    private final String version;

    /** For tests and callers that already checked the binaries; {@link #locate} is the normal way in. */
    Ffmpeg(Path ffmpeg, Path ffprobe, String version) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.version = version;
    }

    /** @param configured capturer.video.ffmpeg; unset: {@code ffmpeg} on PATH. ffprobe is looked for beside it. */
    public static Optional<Ffmpeg> locate(Optional<Path> configured) {
        Optional<Path> binary = configured.isPresent() ? executable(configured.get()) : onPath("ffmpeg");
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = versionLine(binary.get().toAbsolutePath(), "ffmpeg version ");
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Path beside = binary.get().toAbsolutePath().resolveSibling("ffprobe");
        Optional<Path> ffprobe = executable(beside).or(() -> onPath("ffprobe"))
                .filter(p -> versionLine(p, "ffprobe version ").isPresent());
        return Optional.of(new Ffmpeg(binary.get(), ffprobe.orElse(null), version.get()));
    }

    /** The first line of {@code program -version} when the program runs, exits 0 within the timeout and names itself. */
    static Optional<String> versionLine(Path program, String expectedStart) {
        return versionLine(program, expectedStart, VERSION_TIMEOUT);
    }

    static Optional<String> versionLine(Path program, String expectedStart, Duration timeout) {
        try {
            BoundedRun.Result run = BoundedRun.run(List.of(program.toString(), "-version"), timeout,
                    64 * 1024, null, 0);
            if (run.ending() != BoundedRun.Ending.EXITED || run.exitCode() != 0) {
                return Optional.empty();
            }
            String first = new String(run.stdout(), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            return first.startsWith(expectedStart) ? Optional.of(first) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Optional<Path> found = executable(Path.of(dir, name));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    public Path binary() {
        return ffmpeg;
    }

    /** ffprobe beside ffmpeg, when installed. */
    public Optional<Path> ffprobe() {
        return Optional.ofNullable(ffprobe);
    }

    /** The first line of {@code ffmpeg -version}, e.g. {@code ffmpeg version 5.1.9-0+deb12u1 ...}. */
    public String version() {
        return version;
    }
}
