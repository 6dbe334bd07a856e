package org.evidencepipeline.capturer.video.mux;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Derives one playable MP4 from a stream's stored parts with ffmpeg, which only ever reads local files (never a URL):
 * AES-128 segments are decrypted here, each track's init and segments are joined, and ffmpeg copies the streams
 * ({@code -c copy}) into MP4. Bounded by a deadline (the process tree is killed) and an output size cap.
 */
public final class Muxer {
    /** The start of the note when the deadline passed (decrypting, joining, ffmpeg or ffprobe). */
    public static final String DEADLINE = "deadline";
    /** The start of the note when the MP4 grew past the cap. */
    public static final String TOO_LARGE = "too large";
    /** The start of the note when ffmpeg exited non-zero. */
    public static final String FAILED = "ffmpeg failed";
    /** The start of the note when there was, or came out, no video or audio. */
    public static final String NO_TRACK = "no video or audio track";

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
        long deadlineNanos = System.nanoTime() + Math.max(0, deadline.toNanos());
        List<String> command = List.of();
        try {
            Optional<MuxTrack> video = first(tracks, "video");
            Optional<MuxTrack> audio = first(tracks, "audio");
            if (video.isEmpty() && audio.isEmpty()) {
                return notMuxed(NO_TRACK + ": none given", command, out);
            }
            Files.createDirectories(workDir);
            List<Input> inputs = new ArrayList<>();
            for (MuxTrack track : video.isPresent() ? join(video, audio) : List.of(audio.get())) {
                Input input = prepare(track, workDir, deadlineNanos);
                if (input.note != null) {
                    return notMuxed(input.note, command, out);
                }
                inputs.add(input);
            }
            command = command(inputs, video.isPresent(), out);
            Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return notMuxed(DEADLINE + " of " + deadline.toMillis() + " ms passed before ffmpeg ran", command, out);
            }
            Files.deleteIfExists(out);
            BoundedRun.Result run = BoundedRun.run(command, left, 64 * 1024, out, maxOutputBytes);
            switch (run.ending()) {
                case DEADLINE:
                    return notMuxed(DEADLINE + " of " + deadline.toMillis() + " ms passed: ffmpeg was killed",
                            command, out);
                case TOO_LARGE:
                    return notMuxed(TOO_LARGE + ": the MP4 grew past " + maxOutputBytes + " bytes: ffmpeg was killed",
                            command, out);
                default:
                    break;
            }
            if (run.exitCode() != 0) {
                String reason = run.lastStderrLine();
                return notMuxed(FAILED + " (exit " + run.exitCode() + "): "
                        + (reason.isEmpty() ? "no message" : bounded(reason)), command, out);
            }
            if (!Files.isRegularFile(out) || Files.size(out) == 0) {
                return notMuxed(FAILED + ": it wrote no file", command, out);
            }
            if (Files.size(out) > maxOutputBytes) {
                return notMuxed(TOO_LARGE + ": the MP4 is " + Files.size(out) + " bytes, over " + maxOutputBytes,
                        command, out);
            }
            return checked(command, video.isPresent(), audio.isPresent(), out, deadlineNanos);
        } catch (IOException e) {
            return notMuxed("mux failed: " + bounded(String.valueOf(e.getMessage())), command, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notMuxed("mux interrupted", command, out);
        }
    }

    /**
     * With ffprobe, the MP4 must hold what it was made from: ffmpeg falls back to its own stream choice when no
     * {@code -map} matches, so a "successful" run can still have lost the audio or the video.
     */
    private MuxResult checked(List<String> command, boolean wantVideo, boolean wantAudio, Path out, long deadlineNanos)
            throws IOException {
        if (ffmpeg.ffprobe().isEmpty()) {
            return new MuxResult.Muxed(out, command, ffmpeg.version(), null, null);
        }
        Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            return notMuxed(DEADLINE + " of " + deadline.toMillis() + " ms passed before ffprobe ran", command, out);
        }
        Probe probe;
        try {
            probe = Probe.of(ffmpeg.ffprobe().get(), out, left.compareTo(Probe.TIMEOUT) < 0 ? left : Probe.TIMEOUT);
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            return notMuxed((why.contains("deadline") ? DEADLINE + ": " : "the MP4 does not probe: ") + bounded(why),
                    command, out);
        }
        if (!probe.hasVideo() && !probe.hasAudio()) {
            return notMuxed(NO_TRACK + " in the MP4 (" + probe.summary() + ")", command, out);
        }
        if (wantVideo && !probe.hasVideo()) {
            return notMuxed("the video track did not come through (" + probe.summary() + ")", command, out);
        }
        if (wantAudio && !probe.hasAudio()) {
            return notMuxed("the audio track did not come through (" + probe.summary() + ")", command, out);
        }
        return new MuxResult.Muxed(out, command, ffmpeg.version(), probe.durationSeconds(), probe.summary());
    }

    private static List<MuxTrack> join(Optional<MuxTrack> video, Optional<MuxTrack> audio) {
        List<MuxTrack> both = new ArrayList<>();
        video.ifPresent(both::add);
        audio.ifPresent(both::add);
        return both;
    }

    private static Optional<MuxTrack> first(List<MuxTrack> tracks, String name) {
        return tracks.stream().filter(t -> name.equals(t.name()) && !t.segments().isEmpty()).findFirst();
    }

    /** A track as one local file for ffmpeg, and its container; or a note saying why it cannot be one. */
    private record Input(Path file, Container container, String note) {
        static Input failed(String note) {
            return new Input(null, null, note);
        }
    }

    private Input prepare(MuxTrack track, Path workDir, long deadlineNanos) throws IOException {
        List<MuxTrack.Segment> segments = track.segments();
        MuxTrack.Segment only = segments.get(0);
        if (track.init() == null && segments.size() == 1 && only.key() == null) {
            // A whole file (v.redd.it DASH_720.mp4, a direct video): ffmpeg reads it where it lies.
            Optional<Container> container = Container.sniff(only.file());
            return container.map(c -> new Input(only.file(), c, null))
                    .orElseGet(() -> Input.failed(track.name() + " track: not a container ffmpeg is given "
                            + "(MPEG-TS, MP4, ADTS or Matroska)"));
        }
        Path joined = workDir.resolve(track.name() + ".joined");
        Files.deleteIfExists(joined);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(joined), 256 * 1024)) {
            if (track.init() != null) {
                Files.copy(track.init(), out);
            }
            for (int i = 0; i < segments.size(); i++) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return Input.failed(DEADLINE + " of " + deadline.toMillis() + " ms passed joining the "
                            + track.name() + " track");
                }
                MuxTrack.Segment segment = segments.get(i);
                if (segment.key() == null) {
                    Files.copy(segment.file(), out);
                    continue;
                }
                try {
                    Aes128.decrypt(segment.file(), segment.key(), segment.keyIv(), segment.sequence(), out);
                } catch (Aes128.Undecryptable e) {
                    return Input.failed(track.name() + " segment " + i + " (sequence " + segment.sequence() + ") "
                            + e.getMessage());
                }
            }
        }
        Optional<Container> container = Container.sniff(joined);
        if (container.isEmpty()) {
            return Input.failed(track.name() + " track: not a container ffmpeg is given (MPEG-TS, MP4, ADTS or "
                    + "Matroska)");
        }
        // The extension only names the file for a reader of the command line; -f decides the demuxer.
        Path named = workDir.resolve(track.name() + "." + container.get().extension);
        Files.move(joined, named, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Input(named, container.get(), null);
    }

    private List<String> command(List<Input> inputs, boolean hasVideo, Path out) {
        List<String> command = new ArrayList<>(List.of(ffmpeg.binary().toString(), "-nostdin", "-hide_banner",
                "-loglevel", "error", "-protocol_whitelist", "file,pipe", "-y"));
        for (Input input : inputs) {
            // file: so a name is never read as another protocol or option.
            command.addAll(List.of("-f", input.container.demuxer, "-i", "file:" + input.file.toAbsolutePath()));
        }
        if (!hasVideo) {
            command.addAll(List.of("-map", "0:a:0?"));
        } else if (inputs.size() == 2) {
            command.addAll(List.of("-map", "0:v:0?", "-map", "1:a:0?"));
        } else {
            command.addAll(List.of("-map", "0:v:0?", "-map", "0:a:0?"));
        }
        // No -bsf:a aac_adtstoasc: ffmpeg's MP4 muxer inserts it itself for ADTS AAC (MPEG-TS, packed audio), and
        // naming it would make ffmpeg refuse TS audio that is not AAC (MP3, AC-3).
        command.addAll(List.of("-c", "copy"));
        command.addAll(List.of("-movflags", "+faststart", "-f", "mp4", "file:" + out.toAbsolutePath()));
        return command;
    }

    /** No partial or unproven file is left where the caller expects the MP4. */
    private static MuxResult notMuxed(String note, List<String> command, Path out) {
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            // the caller cleans its work directory; the note still says there is no MP4
        }
        return new MuxResult.NotMuxed(note, command);
    }

    private static String bounded(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
