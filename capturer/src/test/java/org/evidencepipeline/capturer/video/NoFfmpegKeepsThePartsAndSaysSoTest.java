package org.evidencepipeline.capturer.video;

import org.evidencepipeline.capturer.video.mux.Ffmpeg;
import org.evidencepipeline.capturer.video.mux.Muxer;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** With ffmpeg configured at a path where there is none: the stream is captured whole, and no file is muxed. */
class NoFfmpegKeepsThePartsAndSaysSoTest extends BlueskyStreamTest {

    @Test
    void thePartsAndPlaylistsAreKeptWithANoteThatNothingWasMuxed() throws Exception {
        Optional<Muxer> muxer = Ffmpeg.locate(Optional.of(Path.of("/nonexistent/ffmpeg")))
                .map(f -> new Muxer(f, Duration.ofSeconds(30), 1L << 30));
        assertThat(muxer).isEmpty();
        VideoCapturer capturer = rig.capturer(VideoTestRig.caps(), new VariantRule(1080), muxer, VideoTestRig.LOOPBACK);

        VideoArchived record = rig.capture(capturer, bsky.request("bsky:noffmpeg1"));

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Captured.class, c -> {
            assertThat(c.muxedSha256()).isNull();
            assertThat(c.muxNote()).isEqualTo(Ffmpeg.MISSING);
        });
        VideoProvenance p = record.provenance();
        assertThat(p.complete()).isTrue();
        assertThat(p.muxed()).isNull();
        assertThat(p.muxNote()).isEqualTo(Ffmpeg.MISSING);
        rig.assertPartsAreTheServedBytes(p, bsky.video.dir(), BlueskyFixture.PREFIX);
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role())).hasSize(bsky.video.segmentsPerVariant());
    }
}
