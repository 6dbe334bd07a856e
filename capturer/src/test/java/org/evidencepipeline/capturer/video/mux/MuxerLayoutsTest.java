package org.evidencepipeline.capturer.video.mux;

import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** DASH fMP4, Reddit's whole files, Bluesky's muxed TS and a plain MP4, muxed from the generator's files. */
class MuxerLayoutsTest {
    private static final Ffmpeg FFMPEG = Ffmpeg.locate(Optional.empty()).orElseThrow();
    private final Muxer muxer = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000);

    @Test
    void dashFmp4WithSeparateAudioJoinsInitAndSegmentsIntoAnMp4WithBothStreamsAndTheManifestsDuration(
            @TempDir Path streams, @TempDir Path work) throws Exception {
        VideoStreams.Dash dash = VideoStreams.dash(streams, 6);
        List<Path> video = chunks(dash.dir(), "chunk-0-");
        List<Path> audio = chunks(dash.dir(), "chunk-1-");
        assertThat(video).hasSize(dash.videoSegments());

        MuxResult result = muxer.mux(List.of(
                new MuxTrack("video", dash.dir().resolve("init-0.m4s"), Encode.clear(video)),
                new MuxTrack("audio", dash.dir().resolve("init-1.m4s"), Encode.clear(audio))), work, work.resolve("out.mp4"));

        MuxResult.Muxed muxed = (MuxResult.Muxed) result;
        Probe probe = Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file());
        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(dash.statedSeconds(), within(1.0));
        assertThat(muxed.commandLine()).containsSubsequence("-f", "mov", "-i", "file:" + work.resolve("video.mp4").toAbsolutePath())
                .containsSubsequence("-f", "mov", "-i", "file:" + work.resolve("audio.mp4").toAbsolutePath());
        // init then every segment, byte for byte
        long joined = Files.size(dash.dir().resolve("init-0.m4s"));
        for (Path chunk : video) {
            joined += Files.size(chunk);
        }
        assertThat(Files.size(work.resolve("video.mp4"))).isEqualTo(joined);
    }

    @Test
    void redditsWholeVideoAndAudioFilesMuxIntoOneMp4WithTheSound(@TempDir Path streams, @TempDir Path work) throws Exception {
        VideoStreams.RedditVideo reddit = VideoStreams.reddit(streams, 4);
        Path videoFile = reddit.dir().resolve(reddit.video());
        Path audioFile = reddit.dir().resolve(reddit.audio());
        assertThat(Probe.of(FFMPEG.ffprobe().orElseThrow(), videoFile).codecTypes()).containsExactly("video");

        MuxResult result = muxer.mux(List.of(new MuxTrack("video", null, Encode.one(videoFile)),
                new MuxTrack("audio", null, Encode.one(audioFile))), work.resolve("scratch"), work.resolve("out.mp4"));

        MuxResult.Muxed muxed = (MuxResult.Muxed) result;
        Probe probe = Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file());
        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(reddit.statedSeconds(), within(1.0));
        // whole files are read where they lie: nothing copied
        assertThat(muxed.commandLine()).contains("file:" + videoFile.toAbsolutePath(), "file:" + audioFile.toAbsolutePath());
        assertThat(work.resolve("scratch").resolve("video.mp4")).doesNotExist();
    }

    @Test
    void blueskysTsSegmentsWithPictureAndSoundTogetherMuxFromOneTrack(@TempDir Path streams, @TempDir Path work)
            throws Exception {
        VideoStreams.BlueskyVideo bluesky = VideoStreams.bluesky(streams, 5);

        MuxResult result = muxer.mux(List.of(new MuxTrack("video", null,
                PlaylistParts.segments(bluesky.dir().resolve(bluesky.highPlaylist())))), work, work.resolve("out.mp4"));

        MuxResult.Muxed muxed = (MuxResult.Muxed) result;
        Probe probe = Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file());
        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(bluesky.statedSeconds(), within(1.0));
        assertThat(muxed.commandLine()).containsSubsequence("-map", "0:v:0?", "-map", "0:a:0?");
    }

    @Test
    void aPlainMp4IsRemuxedWithItsStreams(@TempDir Path streams, @TempDir Path work) throws Exception {
        Path mp4 = VideoStreams.mp4(streams.resolve("clip.mp4"), 3);

        MuxResult result = muxer.mux(List.of(new MuxTrack("video", null, Encode.one(mp4))), work, work.resolve("out.mp4"));

        Probe probe = Probe.of(FFMPEG.ffprobe().orElseThrow(), ((MuxResult.Muxed) result).file());
        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(3.0, within(1.0));
    }

    private static List<Path> chunks(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().collect(Collectors.toList());
        }
    }
}
