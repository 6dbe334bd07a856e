package org.evidencepipeline.capturer.video.mux;

import java.nio.file.Path;
import java.util.Optional;

/** The OS package's ffmpeg (and its ffprobe), found on PATH or at a configured path, with its version line. */
public final class Ffmpeg {
    /** Logged once and given as the mux note when ffmpeg is absent. */
    public static final String MISSING = "ffmpeg not found: parts and playlists are kept, no playable file is muxed "
            + "(install the OS package: apt-get install -y ffmpeg, or set capturer.video.ffmpeg)";

    private final Path ffmpeg;
    private final Path ffprobe;
    private final String version;

    private Ffmpeg(Path ffmpeg, Path ffprobe, String version) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.version = version;
    }

    /** @param configured capturer.video.ffmpeg; unset: {@code ffmpeg} on PATH. ffprobe is looked for beside it. */
    public static Optional<Ffmpeg> locate(Optional<Path> configured) {
        throw new UnsupportedOperationException("MUX");
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
