package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class Fmp4MapAndByteRangesAreFetchedWholeOnceTest {
    static final String URL = "https://media.example/v/main.m3u8";

    @Test
    void theInitSectionComesFirstThenTheSegments() throws Exception {
        String playlist = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + "#EXT-X-MAP:URI=\"init.mp4\"\n"
                + "#EXTINF:2.002,\nseg-1.m4s\n#EXTINF:2.002,\nseg-2.m4s\n"
                + "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-b.mp4\"\n#EXTINF:1.001,\nseg-3.m4s\n#EXT-X-ENDLIST\n";
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, URL, new MapFetcher().serve(URL, playlist));
        assertThat(plan.parts()).extracting(PlannedPart::role, PlannedPart::url).containsExactly(
                tuple(VideoPart.INIT, "https://media.example/v/init.mp4"),
                tuple(VideoPart.INIT, "https://media.example/v/init-b.mp4"),
                tuple(VideoPart.SEGMENT, "https://media.example/v/seg-1.m4s"),
                tuple(VideoPart.SEGMENT, "https://media.example/v/seg-2.m4s"),
                tuple(VideoPart.SEGMENT, "https://media.example/v/seg-3.m4s"));
        assertThat(HlsParser.media(playlist).segments().get(2).mapUri()).isEqualTo("init-b.mp4");
        assertThat(plan.durationSeconds()).isCloseTo(5.005, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aByteRangedFileIsOnePartCarryingTheDurationOfAllItsRanges() throws Exception {
        String playlist = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:10\n"
                + "#EXT-X-MAP:URI=\"movie.mp4\",BYTERANGE=\"720@0\"\n"
                + "#EXTINF:10.0,\n#EXT-X-BYTERANGE:75232@720\nmovie.mp4\n"
                + "#EXTINF:10.0,\n#EXT-X-BYTERANGE:82112\nmovie.mp4\n"
                + "#EXTINF:5.0,\n#EXT-X-BYTERANGE:69864\nmovie.mp4\n#EXT-X-ENDLIST\n";
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, URL, new MapFetcher().serve(URL, playlist));
        // The map is a range of the same file: the whole file, fetched once, holds it.
        assertThat(plan.parts()).extracting(PlannedPart::role, PlannedPart::url, PlannedPart::durationSeconds)
                .containsExactly(tuple(VideoPart.SEGMENT, "https://media.example/v/movie.mp4", 25.0));
        assertThat(plan.durationSeconds()).isEqualTo(25.0);
    }
}
