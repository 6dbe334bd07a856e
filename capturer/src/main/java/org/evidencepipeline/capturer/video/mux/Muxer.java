package org.evidencepipeline.capturer.video.mux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Derives one playable MP4 from a stream's stored parts with ffmpeg, which only ever reads local files (never a URL):
 * AES-128 segments are decrypted here, each track's init and segments are joined, and ffmpeg copies the streams
 * ({@code -c copy}) into MP4. Bounded by a deadline (the process tree is killed) and an output size cap.
 */
public final class Muxer {
    private final Ffmpeg ffmpeg;
    private final Duration deadline;
    private final long maxOutputBytes;

    public Muxer(Ffmpeg ffmpeg, Duration deadline, long maxOutputBytes) {
        this.ffmpeg = ffmpeg;
        this.deadline = deadline;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** @param workDir scratch space for decrypted and joined tracks, removed by the caller */
    public MuxResult mux(List<MuxTrack> tracks, Path workDir, Path out) {
        throw new UnsupportedOperationException("MUX");
    }
}
