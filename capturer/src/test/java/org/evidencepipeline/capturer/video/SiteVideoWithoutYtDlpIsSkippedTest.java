package org.evidencepipeline.capturer.video;

import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.capturer.video.ytdlp.YtDlp;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Where yt-dlp is absent a site video is skipped with the install line; with video capture off every request is. */
class SiteVideoWithoutYtDlpIsSkippedTest {
    static VideoTestRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = VideoTestRig.start();
        rig.server.serve("/watch", "<html>a video page</html>".getBytes(StandardCharsets.UTF_8), "text/html");
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aSiteVideoIsSkippedWithTheInstallLineAndNothingIsFetched() throws Exception {
        VideoCapturer capturer = rig.capturer(true, VideoTestRig.caps(), new VariantRule(1080),
                new VideoCapturer.Tools(VideoTestRig.muxer(), Optional.empty(), Optional.empty()), VideoTestRig.LOOPBACK);
        VideoCaptureRequested request = VideoTestRig.request("yt:nosite1", VideoCaptureRequested.SITE, rig.server.url("/watch"));

        VideoArchived record = rig.capture(capturer, request);

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Skipped.class,
                s -> assertThat(s.reason()).isEqualTo(YtDlp.MISSING));
        assertThat(record.provenance()).isNull();
        assertThat(rig.server.requests("/watch")).isEmpty();
        assertThat(rig.provenanceOnFile(request.captureId())).isEmpty();
    }

    @Test
    void withVideoCaptureOffEveryStreamIsSkipped() throws Exception {
        VideoCapturer capturer = rig.capturer(false, VideoTestRig.caps(), new VariantRule(1080),
                new VideoCapturer.Tools(VideoTestRig.muxer(), Optional.empty(), Optional.empty()), VideoTestRig.LOOPBACK);
        VideoCaptureRequested request = VideoTestRig.request("bsky:off1", VideoCaptureRequested.HLS, rig.server.url("/watch"));

        VideoArchived record = rig.capture(capturer, request);

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Skipped.class,
                s -> assertThat(s.reason()).isEqualTo(VideoCapturer.OFF));
        assertThat(record.postId()).isEqualTo("bsky:off1");
        assertThat(record.input()).isEqualTo(VideoTestRig.input());
    }
}
