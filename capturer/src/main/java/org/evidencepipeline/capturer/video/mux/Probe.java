package org.evidencepipeline.capturer.video.mux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What ffprobe says of a media file: the codec type of each stream (video, audio, ...) and the container duration. */
public record Probe(List<String> codecTypes, double durationSeconds, String summary) {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_JSON = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Probe {
        codecTypes = List.copyOf(codecTypes);
    }

    /** Runs {@code ffprobe -v error -show_entries stream=codec_type:format=duration -of json} on a local file. */
    public static Probe of(Path ffprobe, Path file) throws java.io.IOException {
        return of(ffprobe, file, TIMEOUT);
    }

    /** @throws IOException when ffprobe fails, passes the timeout (it is killed) or prints what is not its JSON */
    static Probe of(Path ffprobe, Path file, Duration timeout) throws IOException {
        List<String> command = command(ffprobe, file);
        BoundedRun.Result run;
        try {
            run = BoundedRun.run(command, timeout, MAX_JSON, null, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("ffprobe interrupted", e);
        }
        if (run.ending() != BoundedRun.Ending.EXITED) {
            throw new IOException("ffprobe passed its deadline of " + timeout.toMillis() + " ms");
        }
        if (run.exitCode() != 0) {
            throw new IOException("ffprobe failed: " + run.lastStderrLine());
        }
        return parse(new String(run.stdout(), StandardCharsets.UTF_8));
    }

    /** Local files only: the whitelist keeps a file that is really a playlist from making ffprobe fetch anything. */
    static List<String> command(Path ffprobe, Path file) {
        return List.of(ffprobe.toString(), "-v", "error", "-protocol_whitelist", "file",
                "-show_entries", "stream=codec_type,codec_name,width,height:format=duration",
                "-of", "json", "file:" + file.toAbsolutePath());
    }

    static Probe parse(String json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("ffprobe printed what is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("ffprobe printed what is not a JSON object");
        }
        List<String> types = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText("unknown");
            types.add(type);
            StringBuilder text = new StringBuilder(type);
            String codec = stream.path("codec_name").asText("");
            if (!codec.isEmpty()) {
                text.append(' ').append(codec);
            }
            if (stream.path("width").isInt() && stream.path("height").isInt()) {
                text.append(' ').append(stream.path("width").asInt()).append('x').append(stream.path("height").asInt());
            }
            described.add(text.toString());
        }
        double duration = parseDuration(root.path("format").path("duration").asText(""));
        described.add(String.format(Locale.ROOT, "%.2f s", duration));
        return new Probe(types, duration, String.join(", ", described));
    }

    /** ffprobe writes "N/A" when it cannot tell; that is a duration of 0, not an error. */
    private static double parseDuration(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) && value > 0 ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean hasVideo() {
        return codecTypes.contains("video");
    }

    public boolean hasAudio() {
        return codecTypes.contains("audio");
    }
}
