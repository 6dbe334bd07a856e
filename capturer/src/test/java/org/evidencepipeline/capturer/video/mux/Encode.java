package org.evidencepipeline.capturer.video.mux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small media made in a test with one real ffmpeg command (tiny picture, a tone), for the muxer's edge cases. */
final class Encode {
    private Encode() {
    }

    /** A video-and-audio MPEG-TS of {@code seconds} (H.264 160x90 15 fps, AAC). */
    static Path ts(Path dir, String name, int seconds) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        ffmpeg(dir, "-f", "lavfi", "-i", "testsrc=size=160x90:rate=15", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=22050", "-t", String.valueOf(seconds), "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "15", "-c:a", "aac", "-b:a", "32k", "-f", "mpegts", out.toString());
        return out;
    }

    /** A video-only MPEG-TS. */
    static Path videoOnlyTs(Path dir, String name, int seconds) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        ffmpeg(dir, "-f", "lavfi", "-i", "testsrc=size=160x90:rate=15", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-f", "mpegts", out.toString());
        return out;
    }

    static void ffmpeg(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("ffmpeg " + args.length + " args failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    static List<MuxTrack.Segment> clear(List<Path> files) {
        List<MuxTrack.Segment> segments = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            segments.add(new MuxTrack.Segment(files.get(i), null, i, null, null));
        }
        return segments;
    }

    static List<MuxTrack.Segment> one(Path file) {
        return clear(List.of(file));
    }

    /** Processes still running whose command line names {@code text}. */
    static long running(String text) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(text)).count();
    }
}
