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

/**
 * A v.redd.it video: its fallback_url is the picture alone; through DASHPlaylist.mpd the separate DASH_AUDIO file is
 * fetched too, so the muxed file has its sound.
 */
class RedditShapedVideoKeepsItsAudioTest {
    static VideoTestRig rig;
    static VideoStreams.RedditVideo reddit;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg is needed to make and mux the stream");
        rig = VideoTestRig.start();
        reddit = VideoStreams.reddit(rig.workDir.resolve("fixture-reddit"), 3);
        rig.server.serveDirectory("/v.redd.it/abc123", reddit.dir());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theMuxedFileHasTheSeparateAudio() throws Exception {
        VideoArchived record = rig.capture(rig.capturer(VideoTestRig.caps()), VideoTestRig.request("reddit:t3_abc123",
                VideoCaptureRequested.DASH, rig.server.url("/v.redd.it/abc123/" + reddit.manifest())));

        assertThat(record.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
        VideoProvenance p = record.provenance();
        rig.assertPartsAreTheServedBytes(p, reddit.dir(), "/v.redd.it/abc123");
        assertThat(p.parts()).extracting(VideoPart::url)
                .contains(rig.server.url("/v.redd.it/abc123/" + reddit.video()), rig.server.url("/v.redd.it/abc123/" + reddit.audio()));
        Probe probe = rig.probeStored(p.muxed().objectKey());
        assertThat(probe.codecTypes()).contains("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(reddit.statedSeconds(), within(1.0));
    }
}
