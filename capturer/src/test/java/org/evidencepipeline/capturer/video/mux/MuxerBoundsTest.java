package org.evidencepipeline.capturer.video.mux;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines, the output cap and bad media: each an honest NotMuxed, no file left, no process left. */
class MuxerBoundsTest {
    private static final Ffmpeg FFMPEG = Ffmpeg.locate(Optional.empty()).orElseThrow();

    @TempDir
    static Path media;
    static Path clip;

    @BeforeAll
    static void encode() throws Exception {
        clip = Encode.ts(media, "clip.ts", 4);
    }

    @Test
    void aDeadlineOfAMillisecondIsNotMuxedDeadline(@TempDir Path work) {
        Path out = work.resolve("out.mp4");

        MuxResult result = new Muxer(FFMPEG, Duration.ofMillis(1), 100_000_000)
                .mux(List.of(new MuxTrack("video", null, Encode.one(clip))), work, out);

        assertThat(((MuxResult.NotMuxed) result).note()).startsWith(Muxer.DEADLINE);
        assertThat(out).doesNotExist();
        assertThat(Encode.running(out.toString())).isZero();
    }

    @Test
    void anFfmpegThatHangsPastTheDeadlineIsKilledAndNoProcessIsLeft(@TempDir Path work) throws Exception {
        // A FIFO that is written a TS start and then never more: ffmpeg blocks reading it, as on a stalled disk.
        Path fifo = work.resolve("stalled.ts");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        byte[] start = java.util.Arrays.copyOf(Files.readAllBytes(clip), 4096);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(start);
                out.flush();
                Thread.sleep(20_000);
            } catch (IOException | InterruptedException e) {
                // the reader went away, or the test is over
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        Path out = work.resolve("out.mp4");
        long started = System.nanoTime();
        try {
            MuxResult result = new Muxer(FFMPEG, Duration.ofMillis(1500), 100_000_000)
                    .mux(List.of(new MuxTrack("video", null, Encode.one(fifo))), work.resolve("scratch"), out);

            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            MuxResult.NotMuxed notMuxed = (MuxResult.NotMuxed) result;
            assertThat(notMuxed.note()).isEqualTo("deadline of 1500 ms passed: ffmpeg was killed");
            assertThat(notMuxed.commandLine()).contains("file:" + fifo.toAbsolutePath());
            assertThat(took).isBetween(1500L, 8000L);
            assertThat(Encode.running(fifo.toString())).isZero();
            assertThat(out).doesNotExist();
        } finally {
            writer.interrupt();
            writer.join(5_000);
        }
    }

    @Test
    void anMp4GrowingPastTheCapIsNotMuxedTooLargeAndThePartialFileIsRemoved(@TempDir Path work) {
        Path out = work.resolve("out.mp4");

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 4096)
                .mux(List.of(new MuxTrack("video", null, Encode.one(clip))), work, out);

        assertThat(((MuxResult.NotMuxed) result).note()).startsWith(Muxer.TOO_LARGE);
        assertThat(out).doesNotExist();
        assertThat(Encode.running(out.toString())).isZero();
    }

    @Test
    void aGarbageSegmentIsNotMuxedWithFfmpegsReason(@TempDir Path work) throws IOException {
        byte[] garbage = new byte[20_000];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x47; // looks like MPEG-TS to a sniffer, is not
        Path segment = work.resolve("seg.ts");
        Files.write(segment, garbage);
        Path out = work.resolve("out.mp4");

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000)
                .mux(List.of(new MuxTrack("video", null, Encode.one(segment))), work.resolve("scratch"), out);

        MuxResult.NotMuxed notMuxed = (MuxResult.NotMuxed) result;
        assertThat(notMuxed.note()).startsWith(Muxer.FAILED + " (exit 1): ").contains("seg.ts");
        assertThat(notMuxed.commandLine()).first().isEqualTo(FFMPEG.binary().toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void bytesThatAreNoKnownContainerAreNotHandedToFfmpeg(@TempDir Path work) throws IOException {
        Path playlist = work.resolve("seg.ts");
        // A stranger's "segment" that is really a playlist would make ffmpeg's HLS demuxer open other files.
        Files.writeString(playlist, "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000).mux(
                List.of(new MuxTrack("video", null, Encode.one(playlist))), work.resolve("scratch"), work.resolve("out.mp4"));

        MuxResult.NotMuxed notMuxed = (MuxResult.NotMuxed) result;
        assertThat(notMuxed.note()).startsWith("video track: not a container ffmpeg is given");
        assertThat(notMuxed.commandLine()).isEmpty();
    }

    @Test
    void noVideoOrAudioTrackIsNotMuxed(@TempDir Path work) {
        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000).mux(
                List.of(new MuxTrack("subtitle", null, Encode.one(clip)), new MuxTrack("video", null, List.of())),
                work, work.resolve("out.mp4"));

        assertThat(((MuxResult.NotMuxed) result).note()).isEqualTo(Muxer.NO_TRACK + ": none given");
    }

    @Test
    void anAudioTrackWithoutSoundIsNotMuxedRatherThanAnMp4MissingIt(@TempDir Path work) throws Exception {
        Path silent = Encode.videoOnlyTs(work, "picture.ts", 2);
        Path out = work.resolve("out.mp4");

        // ffmpeg falls back to its own choice when no -map matches; the probe catches what came out.
        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000).mux(List.of(
                new MuxTrack("video", null, Encode.one(silent)), new MuxTrack("audio", null, Encode.one(silent))),
                work.resolve("scratch"), out);

        assertThat(((MuxResult.NotMuxed) result).note()).startsWith("the audio track did not come through (video h264");
        assertThat(out).doesNotExist();
    }

    @Test
    void withoutFfprobeTheMp4IsMuxedWithNoProbeSummary(@TempDir Path work) throws Exception {
        Ffmpeg noProbe = new Ffmpeg(FFMPEG.binary(), null, FFMPEG.version());

        MuxResult result = new Muxer(noProbe, Duration.ofMinutes(1), 100_000_000)
                .mux(List.of(new MuxTrack("video", null, Encode.one(clip))), work, work.resolve("out.mp4"));

        MuxResult.Muxed muxed = (MuxResult.Muxed) result;
        assertThat(muxed.probe()).isNull();
        assertThat(muxed.durationSeconds()).isNull();
        assertThat(Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file()).codecTypes()).containsExactly("video", "audio");
    }

    @Test
    void anOutputNamedLikeAJoinedTrackOrAPartNeitherClobbersNorDeletesIt(@TempDir Path work) throws Exception {
        Path part = Files.copy(clip, work.resolve("part.ts"));
        long size = Files.size(part);
        List<MuxTrack.Segment> twoParts = Encode.clear(List.of(part, part));
        Muxer muxer = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000);

        MuxResult onAPart = muxer.mux(List.of(new MuxTrack("video", null, Encode.clear(List.of(part)))), work, part);
        // the joined track would be work/video.ts: it moves aside instead
        MuxResult onTheJoin = muxer.mux(List.of(new MuxTrack("video", null, twoParts)), work, work.resolve("video.ts"));

        assertThat(((MuxResult.NotMuxed) onAPart).note()).isEqualTo("the MP4 would overwrite one of its own parts: part.ts");
        assertThat(Files.size(part)).isEqualTo(size);
        MuxResult.Muxed muxed = (MuxResult.Muxed) onTheJoin;
        assertThat(muxed.commandLine()).contains("file:" + work.resolve("video.track.ts").toAbsolutePath());
        assertThat(Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file()).codecTypes()).containsExactly("video", "audio");
    }
}
