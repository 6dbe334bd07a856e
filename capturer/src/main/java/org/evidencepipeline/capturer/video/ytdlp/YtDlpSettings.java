package org.evidencepipeline.capturer.video.ytdlp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * @param deadline  the whole run; past it the process tree is killed
 * @param maxBytes  all bytes yt-dlp may fetch (enforced by the recording proxy's session cap and {@code --max-filesize})
 * @param format    yt-dlp's {@code -f} selection, e.g. {@code bv*[height<=1080]+ba/b[height<=1080]/b}
 * @param ffmpeg    handed to yt-dlp ({@code --ffmpeg-location}) to merge video and audio, when installed
 * @param workDir   where yt-dlp writes (one directory per run, removed after)
 */
public record YtDlpSettings(Duration deadline, long maxBytes, String format, Optional<Path> ffmpeg, Path workDir) {
}
