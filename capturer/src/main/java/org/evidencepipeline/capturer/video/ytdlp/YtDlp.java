package org.evidencepipeline.capturer.video.ytdlp;

import java.nio.file.Path;
import java.util.Optional;

/** The external yt-dlp program, found on PATH or at a configured path, with its version. */
public final class YtDlp {
    /** The skipped outcome's reason where yt-dlp is absent. */
    public static final String MISSING = "yt-dlp not found: pages only yt-dlp can read are not captured as video "
            + "(install it: apt-get install -y yt-dlp, or set capturer.video.yt-dlp)";

    private final Path binary;
    private final String version;

    private YtDlp(Path binary, String version) {
        this.binary = binary;
        this.version = version;
    }

    /** @param configured capturer.video.yt-dlp; unset: {@code yt-dlp} on PATH */
    public static Optional<YtDlp> locate(Optional<Path> configured) {
        throw new UnsupportedOperationException("YTDLP");
    }

    public Path binary() {
        return binary;
    }

    /** {@code yt-dlp --version}, e.g. {@code 2023.03.04}. */
    public String version() {
        return version;
    }
}
