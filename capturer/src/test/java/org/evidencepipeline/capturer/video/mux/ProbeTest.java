package org.evidencepipeline.capturer.video.mux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProbeTest {
    private static final Path FFPROBE = Ffmpeg.locate(Optional.empty()).orElseThrow().ffprobe().orElseThrow();

    @Test
    void reportsEachStreamsCodecTypeAndTheDurationOfARealFile(@TempDir Path dir) throws Exception {
        Path ts = Encode.ts(dir, "clip.ts", 3);

        Probe probe = Probe.of(FFPROBE, ts);

        assertThat(probe.codecTypes()).containsExactly("video", "audio");
        assertThat(probe.hasVideo()).isTrue();
        assertThat(probe.hasAudio()).isTrue();
        assertThat(probe.durationSeconds()).isCloseTo(3.0, within(0.2));
        assertThat(probe.summary()).isEqualTo(String.format(java.util.Locale.ROOT, "video h264 160x90, audio aac, %.2f s",
                probe.durationSeconds()));
    }

    @Test
    void aFileFfprobeCannotReadIsAnIoExceptionWithItsReason(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertThatThrownBy(() -> Probe.of(FFPROBE, garbage)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("ffprobe failed: ").hasMessageContaining("garbage.bin");
    }

    @Test
    void anUnknownDurationIsZeroAndNotJsonIsAnIoException() throws IOException {
        Probe probe = Probe.parse("{\"streams\":[{\"codec_type\":\"video\"}],\"format\":{\"duration\":\"N/A\"}}");

        assertThat(probe.durationSeconds()).isZero();
        assertThat(probe.summary()).isEqualTo("video, 0.00 s");
        assertThatThrownBy(() -> Probe.parse("[1,2")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Probe.parse("42")).isInstanceOf(IOException.class);
    }
}
