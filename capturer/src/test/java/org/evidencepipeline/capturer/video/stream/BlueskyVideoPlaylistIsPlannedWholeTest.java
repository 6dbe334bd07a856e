package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** video.bsky.app serves a master with 360p and 720p variants, each a media playlist of relative .ts segments. */
class BlueskyVideoPlaylistIsPlannedWholeTest {
    static final String BASE = "https://video.bsky.app/watch/did%3Aplc%3Az72i7hdynmk6r22z27h6tvur/"
            + "bafkreihvlqqjq3d6ki4t5y7mnpmfbwptt5ayqpq2kfjv2qvzrjc3lhx3ue/";
    static final String MASTER = "#EXTM3U\n"
            + "#EXT-X-VERSION:3\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=689113,RESOLUTION=640x360,CODECS=\"avc1.64001e,mp4a.40.2\"\n"
            + "360p/video.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=1946120,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\"\n"
            + "720p/video.m3u8\n";

    private MapFetcher bluesky() {
        return new MapFetcher()
                .serve(BASE + "playlist.m3u8", MASTER)
                .serve(BASE + "360p/video.m3u8", MapFetcher.mediaPlaylist(5, 4.0, "video%d.ts"))
                .serve(BASE + "720p/video.m3u8", MapFetcher.mediaPlaylist(5, 4.0, "video%d.ts")
                        .replace("#EXTINF:4.0,\nvideo4.ts", "#EXTINF:2.5,\nvideo4.ts"));
    }

    @Test
    void theBestVariantUnder1080pIsChosenAndEverySegmentListedInOrder() throws Exception {
        MapFetcher fetcher = bluesky();
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, BASE + "playlist.m3u8", fetcher);

        assertThat(fetcher.calls).containsExactly(
                new MapFetcher.Call(VideoPart.MASTER_PLAYLIST, null, BASE + "playlist.m3u8"),
                new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "video", BASE + "720p/video.m3u8"));
        assertThat(plan.parts()).extracting(PlannedPart::url).containsExactly(
                BASE + "720p/video0.ts", BASE + "720p/video1.ts", BASE + "720p/video2.ts", BASE + "720p/video3.ts",
                BASE + "720p/video4.ts");
        assertThat(plan.parts()).allSatisfy(p -> {
            assertThat(p.role()).isEqualTo(VideoPart.SEGMENT);
            assertThat(p.track()).isEqualTo("video");
            assertThat(p.keyUrl()).isNull();
        });
        assertThat(plan.parts()).extracting(PlannedPart::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(plan.durationSeconds()).isEqualTo(18.5);
        assertThat(plan.live()).isFalse();
        assertThat(plan.segments()).isEqualTo(5);
        assertThat(plan.selection().variantUrl()).isEqualTo(BASE + "720p/video.m3u8");
        assertThat(plan.selection().resolution()).isEqualTo("1280x720");
        assertThat(plan.selection().bandwidth()).isEqualTo(1946120);
        assertThat(plan.selection().codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
        assertThat(plan.selection().variantsOffered()).isEqualTo(2);
        assertThat(plan.selection().audio()).isNull();
        assertThat(plan.selection().rule()).isEqualTo("highest-bandwidth, height <= 1080");
    }

    @Test
    void aLowerHeightCapChoosesThe360pVariant() throws Exception {
        MapFetcher fetcher = bluesky();
        StreamPlan plan = new StreamPlanner(new VariantRule(480), 5000)
                .plan(VideoCaptureRequested.HLS, BASE + "playlist.m3u8", fetcher);
        assertThat(plan.selection().resolution()).isEqualTo("640x360");
        assertThat(plan.parts()).extracting(PlannedPart::url).first().isEqualTo(BASE + "360p/video0.ts");
        assertThat(plan.durationSeconds()).isEqualTo(20.0);
    }
}
