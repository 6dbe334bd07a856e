package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A segment that stalls past the stream's wall time: too-large (wall-time) in about that time, what came before kept. */
class WallTimeCapTest extends BlueskyStreamTest {

    @BeforeAll
    static void breakParts() throws Exception {
        String stalled = bsky.segmentName(2);
        for (String path : bsky.segmentPaths(stalled)) {
            rig.server.stall(path, bsky.served(path), 30_000);
        }
    }

    @Test
    void aStallingSegmentEndsTheCaptureAtTheWallTime() throws Exception {
        // The part timeout and read timeout are longer than the wall time: only the wall time can stop it.
        StreamCaps caps = new StreamCaps(512L * 1024 * 1024, Duration.ofHours(1), 5000, Duration.ofSeconds(3),
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(20));
        long started = System.nanoTime();

        VideoArchived record = rig.capture(rig.capturer(caps), bsky.request("bsky:wall1"));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofSeconds(12));
        VideoProvenance p = rig.assertTooLarge(record, "wall-time", "PT3S");
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role())).hasSize(2);
    }
}
