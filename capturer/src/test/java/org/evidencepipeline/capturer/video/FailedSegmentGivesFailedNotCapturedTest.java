package org.evidencepipeline.capturer.video;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A segment answering 500: failed, with the parts before it kept and listed as incomplete, never muxed. */
class FailedSegmentGivesFailedNotCapturedTest extends BlueskyStreamTest {
    static String failing;

    @BeforeAll
    static void breakParts() throws Exception {
        failing = bsky.segmentName(3);
        for (String path : bsky.segmentPaths(failing)) {
            rig.server.fail(path, 500);
        }
        rig.server.serve("/not-a-playlist.m3u8", "<html>a page, not a playlist</html>".getBytes(StandardCharsets.UTF_8),
                "application/vnd.apple.mpegurl");
    }

    @Test
    void aFailedSegmentGivesFailedWithThePartsBeforeIt() throws Exception {
        VideoArchived record = rig.capture(rig.capturer(VideoTestRig.caps()), bsky.request("bsky:fail1"));

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Failed.class, f -> {
            assertThat(f.reason()).contains(failing).contains("500");
            assertThat(f.provenanceKey()).isEqualTo(ArchiveStore.videoProvenanceKey(f.captureId()));
        });
        VideoProvenance p = record.provenance();
        rig.assertNotClaimedWhole(p);
        assertThat(p.incomplete().cap()).isEqualTo("failure");
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role())).hasSize(3);
    }

    @Test
    void aPlaylistThatIsNotOneGivesFailed() throws Exception {
        VideoArchived record = rig.capture(rig.capturer(VideoTestRig.caps()), VideoTestRig.request("bsky:notone1",
                VideoCaptureRequested.HLS, rig.server.url("/not-a-playlist.m3u8")));

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Failed.class,
                f -> assertThat(f.reason()).startsWith("not a playable stream"));
        // What was fetched is kept as evidence of what the URL served, and the record says it is no capture.
        rig.assertNotClaimedWhole(record.provenance());
        assertThat(record.provenance().parts()).hasSize(1);
    }
}
