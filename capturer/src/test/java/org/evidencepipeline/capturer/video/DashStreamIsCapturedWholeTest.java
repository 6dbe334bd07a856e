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

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A DASH stream with separate video and audio adaptations: the manifest, both init segments and every segment. */
class DashStreamIsCapturedWholeTest {
    static VideoTestRig rig;
    static VideoStreams.Dash dash;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg is needed to make and mux the stream");
        rig = VideoTestRig.start();
        dash = VideoStreams.dash(rig.workDir.resolve("fixture-dash"), 6);
        rig.server.serveDirectory("/dash", dash.dir());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theManifestInitSegmentsAndEverySegmentOfBothTracksAreKeptAndMuxed() throws Exception {
        VideoArchived record = rig.capture(rig.capturer(VideoTestRig.caps()), VideoTestRig.request("reddit:dash1",
                VideoCaptureRequested.DASH, rig.server.url("/dash/" + dash.manifest())));

        assertThat(record.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
        VideoProvenance p = record.provenance();
        rig.assertPartsAreTheServedBytes(p, dash.dir(), "/dash");
        VideoPart manifest = p.parts().get(0);
        assertThat(manifest.role()).isEqualTo(VideoPart.MANIFEST);
        assertThat(rig.object(manifest.objectKey())).isEqualTo(Files.readAllBytes(dash.dir().resolve(dash.manifest())));
        assertThat(p.parts()).filteredOn(x -> VideoPart.INIT.equals(x.role())).extracting(VideoPart::track)
                .containsExactlyInAnyOrder("video", "audio");
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role()) && "video".equals(x.track()))
                .hasSize(dash.videoSegments());
        // What the manifest lists (6 s of 2 s segments); ffmpeg may write a tail chunk past it that no player asks for.
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role()) && "audio".equals(x.track()))
                .hasSize((int) Math.ceil(dash.statedSeconds() / 2));
        Probe probe = rig.probeStored(p.muxed().objectKey());
        assertThat(probe.codecTypes()).contains("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(dash.statedSeconds(), within(1.0));
    }
}
