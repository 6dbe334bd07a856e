package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Over the byte cap: too-large, with the parts fetched before it stored and listed, never muxed or claimed whole. */
class ByteCapGivesTooLargeWithWhatWasKeptTest extends BlueskyStreamTest {

    @Test
    void theByteCapStopsTheCaptureWithWhatWasKept() throws Exception {
        // Room for the playlists and about two segments of the six.
        long limit = bsky.size(bsky.video.playlist()) + bsky.size(bsky.video.highPlaylist()) + bsky.size(bsky.video.lowPlaylist())
                + 2 * bsky.size(bsky.video.highPlaylist().replace("video.m3u8", bsky.segmentName(0)));
        StreamCaps caps = new StreamCaps(limit, Duration.ofHours(1), 5000, Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(10));

        VideoArchived record = rig.capture(rig.capturer(caps), bsky.request("bsky:bytes1"));

        VideoProvenance p = rig.assertTooLarge(record, "bytes", Long.toString(limit));
        assertThat(p.totals().bytes()).isLessThanOrEqualTo(limit);
        long segments = p.parts().stream().filter(x -> VideoPart.SEGMENT.equals(x.role())).count();
        assertThat(segments).isGreaterThan(0).isLessThan(bsky.video.segmentsPerVariant());
        assertThat(p.caps().maxBytes()).isEqualTo(limit);
    }
}
