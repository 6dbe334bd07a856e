package org.evidencepipeline.capturer.video;

import org.evidencepipeline.capturer.video.mux.Probe;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A Bluesky video embed's HLS (video.bsky.app layout, sound inside the segments) is captured whole and muxed. */
class BlueskyShapedVideoIsCapturedTest {
    static VideoTestRig rig;
    static VideoStreams.BlueskyVideo bsky;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg is needed to make and mux the stream");
        rig = VideoTestRig.start();
        bsky = VideoStreams.bluesky(rig.workDir.resolve("fixture-bsky"), 4);
        rig.server.serveDirectory("/watch/did/cid", bsky.dir());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theEmbedsStreamIsCapturedWithEverySegmentAndMuxedWithItsSound() throws Exception {
        VideoArchived record = rig.capture(rig.capturer(VideoTestRig.caps()), VideoTestRig.request("bsky:embed1",
                VideoCaptureRequested.HLS, rig.server.url("/watch/did/cid/" + bsky.playlist())));

        assertThat(record.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
        VideoProvenance p = record.provenance();
        rig.assertPartsAreTheServedBytes(p, bsky.dir(), "/watch/did/cid");
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role())).hasSize(bsky.segmentsPerVariant());
        assertThat(p.selection().variantUrl()).endsWith(bsky.highPlaylist());
        Probe probe = rig.probeStored(p.muxed().objectKey());
        assertThat(probe.codecTypes()).contains("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(bsky.statedSeconds(), within(1.0));
    }
}
