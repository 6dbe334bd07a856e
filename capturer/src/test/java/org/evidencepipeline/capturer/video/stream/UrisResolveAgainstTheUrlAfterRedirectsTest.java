package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrisResolveAgainstTheUrlAfterRedirectsTest {
    @Test
    void variantAndSegmentUrisResolveAgainstWhereEachPlaylistWasServedFrom() throws Exception {
        String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nlow/index.m3u8\n";
        MapFetcher fetcher = new MapFetcher()
                .redirect("https://short.example/v/42", "https://edge-3.cdn.example/a/b/master.m3u8")
                .serve("https://edge-3.cdn.example/a/b/master.m3u8", master)
                .redirect("https://edge-3.cdn.example/a/b/low/index.m3u8", "https://edge-9.cdn.example/x/y/index.m3u8")
                .serve("https://edge-9.cdn.example/x/y/index.m3u8",
                        MapFetcher.mediaPlaylist(2, 4.0, "../seg%d.ts"));
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, "https://short.example/v/42", fetcher);
        assertThat(fetcher.calls).extracting(MapFetcher.Call::url).containsExactly("https://short.example/v/42",
                "https://edge-3.cdn.example/a/b/low/index.m3u8");
        assertThat(fetcher.calls.get(1).role()).isEqualTo(VideoPart.MEDIA_PLAYLIST);
        assertThat(plan.parts()).extracting(PlannedPart::url)
                .containsExactly("https://edge-9.cdn.example/x/seg0.ts", "https://edge-9.cdn.example/x/seg1.ts");
    }
}
