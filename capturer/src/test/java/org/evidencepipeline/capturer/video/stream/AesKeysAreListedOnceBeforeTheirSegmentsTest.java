package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class AesKeysAreListedOnceBeforeTheirSegmentsTest {
    static final String URL = "https://cdn.example/enc/index.m3u8";
    static final String PLAYLIST = "#EXTM3U\n"
            + "#EXT-X-VERSION:3\n"
            + "#EXT-X-TARGETDURATION:4\n"
            + "#EXT-X-MEDIA-SEQUENCE:7\n"
            + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/k1?token=abc\"\n"
            + "#EXTINF:4.000,\n"
            + "s7.ts\n"
            + "#EXTINF:4.000,\n"
            + "s8.ts\n"
            + "#EXT-X-KEY:METHOD=AES-128,URI=\"k2.key\",IV=0x000102030405060708090A0B0C0D0E0F\n"
            + "#EXTINF:4.000,\n"
            + "s9.ts\n"
            + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/k1?token=abc\"\n"
            + "#EXTINF:4.000,\n"
            + "s10.ts\n"
            + "#EXT-X-KEY:METHOD=NONE\n"
            + "#EXTINF:3.5,\n"
            + "s11.ts\n"
            + "#EXT-X-ENDLIST\n";

    @Test
    void theKeyInForceAndItsIvGoWithEachSegment() throws Exception {
        HlsMediaPlaylist media = HlsParser.media(PLAYLIST);
        assertThat(media.mediaSequence()).isEqualTo(7);
        assertThat(media.targetDurationSeconds()).isEqualTo(4.0);
        assertThat(media.segments()).extracting(HlsMediaPlaylist.Segment::sequence).containsExactly(7L, 8L, 9L, 10L, 11L);
        assertThat(media.segments().get(1).key()).isEqualTo(
                new HlsMediaPlaylist.Key("AES-128", "https://keys.example/k1?token=abc", null));
        assertThat(media.segments().get(2).key().iv()).isEqualTo("0x000102030405060708090A0B0C0D0E0F");
        assertThat(media.segments().get(4).key()).isNull();
    }

    @Test
    void eachKeyUrlIsPlannedOnceAheadOfTheSegments() throws Exception {
        MapFetcher fetcher = new MapFetcher().serve(URL, PLAYLIST);
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000).plan(VideoCaptureRequested.HLS, URL, fetcher);
        assertThat(plan.parts()).extracting(PlannedPart::role, PlannedPart::url, PlannedPart::keyUrl, PlannedPart::keyIv,
                PlannedPart::sequence).containsExactly(
                tuple(VideoPart.KEY, "https://keys.example/k1?token=abc", null, null, -1L),
                tuple(VideoPart.KEY, "https://cdn.example/enc/k2.key", null, null, -1L),
                tuple(VideoPart.SEGMENT, "https://cdn.example/enc/s7.ts", "https://keys.example/k1?token=abc", null, 7L),
                tuple(VideoPart.SEGMENT, "https://cdn.example/enc/s8.ts", "https://keys.example/k1?token=abc", null, 8L),
                tuple(VideoPart.SEGMENT, "https://cdn.example/enc/s9.ts", "https://cdn.example/enc/k2.key",
                        "0x000102030405060708090A0B0C0D0E0F", 9L),
                tuple(VideoPart.SEGMENT, "https://cdn.example/enc/s10.ts", "https://keys.example/k1?token=abc", null, 10L),
                tuple(VideoPart.SEGMENT, "https://cdn.example/enc/s11.ts", null, null, 11L));
        assertThat(plan.segments()).isEqualTo(5);
        assertThat(plan.durationSeconds()).isEqualTo(19.5);
    }

    @Test
    void aSampleAesKeyIsKeptButNotAppliedAsWholeSegmentDecryption() throws Exception {
        String playlist = PLAYLIST.replace("METHOD=AES-128,URI=\"k2.key\"", "METHOD=SAMPLE-AES,URI=\"k2.key\"");
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, URL, new MapFetcher().serve(URL, playlist));
        assertThat(plan.parts()).filteredOn(p -> p.role().equals(VideoPart.KEY)).hasSize(2);
        assertThat(plan.parts()).filteredOn(p -> p.url().endsWith("s9.ts")).singleElement()
                .satisfies(p -> assertThat(p.keyUrl()).isNull());
    }
}
