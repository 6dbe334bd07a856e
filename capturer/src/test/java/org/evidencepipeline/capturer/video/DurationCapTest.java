package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream stating more than max-duration: too-large before any segment is fetched, the playlists kept. */
class DurationCapTest extends BlueskyStreamTest {

    @Test
    void aStreamLongerThanTheCapKeepsItsPlaylistsAndNoSegment() throws Exception {
        StreamCaps caps = new StreamCaps(512L * 1024 * 1024, Duration.ofSeconds(3), 5000, Duration.ofSeconds(60),
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10));

        VideoArchived record = rig.capture(rig.capturer(caps), bsky.request("bsky:duration1"));

        VideoProvenance p = rig.assertTooLarge(record, "duration", "PT3S");
        assertThat(p.parts()).extracting(VideoPart::role).containsExactly(VideoPart.MASTER_PLAYLIST, VideoPart.MEDIA_PLAYLIST);
        assertThat(p.incomplete().reason()).contains("no segment fetched");
        assertThat(rig.server.requests().stream().filter(r -> r.pathAndQuery().endsWith(".ts"))).as("no segment fetched").isEmpty();
    }
}
