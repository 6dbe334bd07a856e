package org.evidencepipeline.capturer.video.mux;

import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** HLS with AES-128 segments and a separate audio rendition, muxed from the generator's files as the capturer has them. */
class MuxerHlsTest {
    private static final Ffmpeg FFMPEG = Ffmpeg.locate(Optional.empty()).orElseThrow();

    @TempDir
    static Path streams;
    static VideoStreams.Hls statedIv;
    static VideoStreams.Hls sequenceIv;

    @BeforeAll
    static void generate() {
        statedIv = VideoStreams.hls(streams.resolve("stated"), 20, true);
        sequenceIv = VideoStreams.hls(streams.resolve("sequence"), 6, false);
    }

    @Test
    void aes128SegmentsWithAStatedIvAndSeparateAudioMuxToAnMp4WithBothStreamsAndThePlaylistsDuration(@TempDir Path work)
            throws Exception {
        assertThat(statedIv.segmentsPerTrack()).isGreaterThanOrEqualTo(19);
        List<MuxTrack> tracks = tracks(statedIv, null);
        assertThat(tracks.get(0).segments()).allSatisfy(s -> assertThat(s.keyIv()).isEqualTo(statedIv.iv()));

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000).mux(tracks, work, work.resolve("out.mp4"));

        MuxResult.Muxed muxed = (MuxResult.Muxed) result;
        Probe probe = Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file());
        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(statedIv.statedVideoSeconds(), within(1.0));
        assertThat(muxed.durationSeconds()).isEqualTo(probe.durationSeconds());
        assertThat(muxed.probe()).startsWith("video h264 320x180, audio aac, ");
        assertThat(muxed.ffmpegVersion()).isEqualTo(FFMPEG.version());
        assertThat(muxed.commandLine()).first().isEqualTo(FFMPEG.binary().toString());
        // ffmpeg read only the decrypted local files, each with a forced demuxer, never a playlist or a key URL.
        assertThat(muxed.commandLine()).containsSubsequence("-protocol_whitelist", "file,pipe")
                .containsSubsequence("-f", "mpegts", "-i", "file:" + work.resolve("video.ts").toAbsolutePath())
                .containsSubsequence("-f", "mpegts", "-i", "file:" + work.resolve("audio.ts").toAbsolutePath())
                .containsSubsequence("-map", "0:v:0?", "-map", "1:a:0?", "-c", "copy")
                .noneMatch(arg -> arg.contains("m3u8") || arg.contains("http") || arg.endsWith(".key"));
        assertThat(muxed.commandLine()).last().isEqualTo("file:" + work.resolve("out.mp4").toAbsolutePath());
        // The decrypted track is clear MPEG-TS (sync bytes 188 apart); the parts themselves are not.
        byte[] clear = Files.readAllBytes(work.resolve("video.ts"));
        assertThat(clear[0]).isEqualTo((byte) 0x47);
        assertThat(clear[188]).isEqualTo((byte) 0x47);
        byte[] encrypted = Files.readAllBytes(tracks.get(0).segments().get(0).file());
        assertThat(encrypted[0] == 0x47 && encrypted[188] == 0x47).isFalse();
    }

    @Test
    void aes128SegmentsWhoseIvIsTheirSequenceNumberMuxToo(@TempDir Path work) throws Exception {
        List<MuxTrack> tracks = tracks(sequenceIv, null);
        assertThat(tracks.get(0).segments()).allSatisfy(s -> assertThat(s.keyIv()).isNull());

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000).mux(tracks, work, work.resolve("out.mp4"));

        MuxResult.Muxed muxed = (MuxResult.Muxed) result;
        Probe probe = Probe.of(FFMPEG.ffprobe().orElseThrow(), muxed.file());
        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(sequenceIv.statedVideoSeconds(), within(1.0));
    }

    @Test
    void aWrongKeyIsNotMuxedAndLeavesNoFileClaimedPlayable(@TempDir Path work) throws Exception {
        Path wrongKey = work.resolve("wrong.key");
        byte[] key = statedIv.key().clone();
        key[0] ^= 1;
        Files.write(wrongKey, key);
        Path out = work.resolve("out.mp4");

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000)
                .mux(tracks(statedIv, wrongKey), work.resolve("scratch"), out);

        assertThat(result).isInstanceOf(MuxResult.NotMuxed.class);
        assertThat(((MuxResult.NotMuxed) result).note())
                .isEqualTo("video segment 0 (sequence 0) does not decrypt with its key (BadPaddingException)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aKeyFileThatIsNotSixteenBytesIsNotMuxed(@TempDir Path work) throws Exception {
        Path longKey = work.resolve("long.key");
        Files.write(longKey, new byte[17]);

        MuxResult result = new Muxer(FFMPEG, Duration.ofMinutes(1), 100_000_000)
                .mux(tracks(statedIv, longKey), work.resolve("scratch"), work.resolve("out.mp4"));

        assertThat(((MuxResult.NotMuxed) result).note()).isEqualTo("video segment 0 (sequence 0) key is 17 bytes, not 16");
    }

    static List<MuxTrack> tracks(VideoStreams.Hls hls, Path keyOverride) throws java.io.IOException {
        return List.of(
                new MuxTrack("video", null, PlaylistParts.segments(hls.dir().resolve(hls.highPlaylist()), keyOverride)),
                new MuxTrack("audio", null, PlaylistParts.segments(hls.dir().resolve(hls.audioPlaylist()), keyOverride)));
    }
}
