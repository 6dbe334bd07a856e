package org.evidencepipeline.capturer.video;

import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Without capturer.proxy.allow-cidrs a stream on loopback is refused before anything is fetched or stored. */
class LoopbackStreamIsRefusedWithoutAllowCidrTest {
    static VideoTestRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = VideoTestRig.start();
        rig.server.serve("/hls/master.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl");
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aLoopbackStreamIsRefusedAndNothingIsFetchedOrStored() throws Exception {
        VideoCapturer capturer = rig.capturer(VideoTestRig.caps(), new VariantRule(1080), VideoTestRig.muxer(), List.of());
        VideoCaptureRequested request = VideoTestRig.request("bsky:loop1", VideoCaptureRequested.HLS,
                rig.server.url("/hls/master.m3u8"));

        VideoArchived record = rig.capture(capturer, request);

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Refused.class, r -> {
            assertThat(r.streamUrl()).isEqualTo(request.streamUrl());
            assertThat(r.reason()).contains("127.0.0.1");
        });
        assertThat(record.provenance()).isNull();
        assertThat(rig.server.requests()).as("nothing fetched").isEmpty();
        assertThat(rig.provenanceOnFile(request.captureId())).isEmpty();
        assertThat(rig.store.keys("sha256/")).as("nothing stored").isEmpty();
    }

    @Test
    void aStreamUrlWithCredentialsOrAnotherSchemeIsRefused() throws Exception {
        VideoCapturer capturer = rig.capturer(VideoTestRig.caps());
        for (String url : List.of("ftp://127.0.0.1/x.m3u8", "http://user:pw@127.0.0.1/x.m3u8")) {
            VideoArchived record = rig.capture(capturer, VideoTestRig.request("bsky:bad-" + url.length(),
                    VideoCaptureRequested.HLS, url));
            assertThat(record.outcome()).as(url).isInstanceOf(VideoCaptureOutcome.Refused.class);
        }
    }
}
