package org.evidencepipeline.capturer.video.mux;

import java.nio.file.Path;
import java.util.List;

/** How muxing ended: a playable MP4, or a note saying why there is none. Either way the parts stay the evidence. */
public sealed interface MuxResult {

    /**
     * @param commandLine exactly what ffmpeg ran with (local files only)
     * @param probe       what ffprobe reported of the file (codec types and duration), or null without ffprobe
     */
    record Muxed(Path file, List<String> commandLine, String ffmpegVersion, Double durationSeconds, String probe)
            implements MuxResult {
        public Muxed {
            commandLine = List.copyOf(commandLine);
        }
    }

    /** @param commandLine what ran, when ffmpeg ran and failed, else empty */
    record NotMuxed(String note, List<String> commandLine) implements MuxResult {
        public NotMuxed {
            commandLine = List.copyOf(commandLine);
        }
    }
}
