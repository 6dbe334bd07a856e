package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream listing more segments than the cap: too-large before any segment is fetched, the playlists kept. */
class SegmentCapTest extends BlueskyStreamTest {

    @Test
    void moreSegmentsThanTheCapGiveTooLargeWithThePlaylistsOnly() throws Exception {
        StreamCaps caps = new StreamCaps(512L * 1024 * 1024, Duration.ofHours(1), 3, Duration.ofSeconds(60),
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10));

        VideoArchived record = rig.capture(rig.capturer(caps), bsky.request("bsky:segments1"));

        VideoProvenance p = rig.assertTooLarge(record, "segments", "3");
        assertThat(p.parts()).isNotEmpty().noneMatch(x -> VideoPart.SEGMENT.equals(x.role()));
        assertThat(p.parts().get(0).role()).isEqualTo(VideoPart.MASTER_PLAYLIST);
        assertThat(rig.server.requests().stream().filter(r -> r.pathAndQuery().endsWith(".ts"))).as("no segment fetched").isEmpty();
    }
}
