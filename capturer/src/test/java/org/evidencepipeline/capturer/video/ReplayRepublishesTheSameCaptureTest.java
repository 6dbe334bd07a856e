package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The same request again (a redelivery, a replay) republishes the capture on file: same outcome, nothing fetched. */
class ReplayRepublishesTheSameCaptureTest extends BlueskyStreamTest {

    @Test
    void aReplayOfACapturedStreamRepublishesItWithoutFetching() throws Exception {
        VideoCapturer capturer = rig.capturer(VideoTestRig.caps());
        VideoCaptureRequested request = bsky.request("bsky:replay1");
        VideoArchived first = rig.capture(capturer, request);
        assertThat(first.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
        int fetched = rig.server.requests().size();

        VideoArchived again = rig.capture(rig.capturer(VideoTestRig.caps()), request);

        assertThat(again.outcome()).isEqualTo(first.outcome());
        assertThat(again.provenance()).isEqualTo(first.provenance());
        assertThat(rig.server.requests()).as("nothing fetched again").hasSize(fetched);
    }

    @Test
    void aReplayOfAStreamStoppedAtACapRepublishesTheSameTooLarge() throws Exception {
        StreamCaps small = new StreamCaps(512L * 1024 * 1024, Duration.ofSeconds(1), 5000, Duration.ofSeconds(60),
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10));
        VideoCaptureRequested request = bsky.request("bsky:replay2");
        VideoArchived first = rig.capture(rig.capturer(small), request);
        assertThat(first.outcome()).isInstanceOf(VideoCaptureOutcome.TooLarge.class);

        // Even under caps it would now pass: the first capture is the one on record.
        VideoArchived again = rig.capture(rig.capturer(VideoTestRig.caps()), request);

        assertThat(again.outcome()).isEqualTo(first.outcome());
        assertThat(again.provenance()).isEqualTo(first.provenance());
    }
}
