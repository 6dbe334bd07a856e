package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaPlaylistGivenAsTheStreamIsOneTrackTest {
    @Test
    void itIsOneVideoTrackWithNothingToChooseAndIsRelabelled() throws Exception {
        String url = "https://live.example/cam/index.m3u8";
        MapFetcher fetcher = new MapFetcher().serve(url, MapFetcher.mediaPlaylist(3, 2.0, "c%d.ts"));
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000).plan(VideoCaptureRequested.HLS, url, fetcher);
        assertThat(fetcher.calls).containsExactly(new MapFetcher.Call(VideoPart.MASTER_PLAYLIST, null, url));
        assertThat(fetcher.identified).containsExactly(new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "video", url));
        assertThat(plan.selection().variantsOffered()).isEqualTo(1);
        assertThat(plan.selection().variantUrl()).isEqualTo(url);
        assertThat(plan.parts()).extracting(PlannedPart::track).containsOnly("video");
        assertThat(plan.parts()).hasSize(3);
        assertThat(plan.live()).isFalse();
    }

    @Test
    void withoutEndlistItIsLiveAndWhatIsListedIsPlanned() throws Exception {
        String url = "https://live.example/cam/live.m3u8";
        String live = MapFetcher.mediaPlaylist(4, 2.0, "l%d.ts").replace("#EXT-X-ENDLIST\n", "");
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, url, new MapFetcher().serve(url, live));
        assertThat(plan.live()).isTrue();
        assertThat(plan.parts()).hasSize(4);
    }
}
