package org.evidencepipeline.capturer.video.mux;

import java.nio.file.Path;
import java.util.List;

/** What ffprobe says of a media file: the codec type of each stream (video, audio, ...) and the container duration. */
public record Probe(List<String> codecTypes, double durationSeconds, String summary) {
    public Probe {
        codecTypes = List.copyOf(codecTypes);
    }

    /** Runs {@code ffprobe -v error -show_entries stream=codec_type:format=duration -of json} on a local file. */
    public static Probe of(Path ffprobe, Path file) throws java.io.IOException {
        throw new UnsupportedOperationException("MUX");
    }
}
