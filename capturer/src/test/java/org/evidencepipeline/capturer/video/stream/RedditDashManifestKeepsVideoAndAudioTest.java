package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** v.redd.it's DASHPlaylist.mpd: one whole MP4 per representation (SegmentBase ranges), audio in its own file. */
class RedditDashManifestKeepsVideoAndAudioTest {
    static final String URL = "https://v.redd.it/q8mu2n7kx1ld1/DASHPlaylist.mpd?a=1735790123%2CNzQ5&v=1&f=sd";
    static final String MPD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" minBufferTime=\"PT1.500S\" type=\"static\""
            + " mediaPresentationDuration=\"PT12.533S\" maxSegmentDuration=\"PT3S\""
            + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">\n"
            + " <Period duration=\"PT12.533S\">\n"
            + "  <AdaptationSet segmentAlignment=\"true\" maxWidth=\"1920\" maxHeight=\"1080\" maxFrameRate=\"30\""
            + " par=\"16:9\" lang=\"und\" startWithSAP=\"1\" subsegmentAlignment=\"true\" subsegmentStartsWithSAP=\"1\">\n"
            + rep("2", "640", "360", "617385", "DASH_360.mp4")
            + rep("3", "854", "480", "1210145", "DASH_480.mp4")
            + rep("4", "1280", "720", "2337226", "DASH_720.mp4")
            + rep("5", "1920", "1080", "4521981", "DASH_1080.mp4")
            + "  </AdaptationSet>\n"
            + "  <AdaptationSet segmentAlignment=\"true\" lang=\"und\" subsegmentAlignment=\"true\""
            + " subsegmentStartsWithSAP=\"1\">\n"
            + "   <Representation id=\"6\" mimeType=\"audio/mp4\" codecs=\"mp4a.40.2\" audioSamplingRate=\"48000\""
            + " bandwidth=\"66110\">\n"
            + "    <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\""
            + " value=\"2\"/>\n"
            + "    <BaseURL>DASH_AUDIO_64.mp4</BaseURL>\n"
            + "    <SegmentBase indexRangeExact=\"true\" indexRange=\"838-917\"><Initialization range=\"0-837\"/></SegmentBase>\n"
            + "   </Representation>\n"
            + "   <Representation id=\"7\" mimeType=\"audio/mp4\" codecs=\"mp4a.40.2\" audioSamplingRate=\"48000\""
            + " bandwidth=\"130664\">\n"
            + "    <BaseURL>DASH_AUDIO_128.mp4</BaseURL>\n"
            + "    <SegmentBase indexRangeExact=\"true\" indexRange=\"838-917\"><Initialization range=\"0-837\"/></SegmentBase>\n"
            + "   </Representation>\n"
            + "  </AdaptationSet>\n"
            + " </Period>\n"
            + "</MPD>\n";

    private static String rep(String id, String w, String h, String bandwidth, String file) {
        return "   <Representation id=\"" + id + "\" mimeType=\"video/mp4\" codecs=\"avc1.4d401f\" width=\"" + w
                + "\" height=\"" + h + "\" frameRate=\"30\" sar=\"1:1\" bandwidth=\"" + bandwidth + "\">\n"
                + "    <BaseURL>" + file + "</BaseURL>\n"
                + "    <SegmentBase indexRangeExact=\"true\" indexRange=\"910-977\"><Initialization range=\"0-909\"/>"
                + "</SegmentBase>\n"
                + "   </Representation>\n";
    }

    @Test
    void theBestVideoAndTheBestAudioAreEachOneWholeFile() throws Exception {
        MapFetcher fetcher = new MapFetcher().serve(URL, MPD);
        StreamPlan plan = new StreamPlanner(new VariantRule(720), 5000).plan(VideoCaptureRequested.DASH, URL, fetcher);
        assertThat(fetcher.calls).containsExactly(new MapFetcher.Call(VideoPart.MANIFEST, null, URL));
        assertThat(plan.parts()).extracting(PlannedPart::role, PlannedPart::track, PlannedPart::url,
                PlannedPart::durationSeconds).containsExactly(
                tuple(VideoPart.SEGMENT, "video", "https://v.redd.it/q8mu2n7kx1ld1/DASH_720.mp4", 12.533),
                tuple(VideoPart.SEGMENT, "audio", "https://v.redd.it/q8mu2n7kx1ld1/DASH_AUDIO_128.mp4", 12.533));
        assertThat(plan.durationSeconds()).isEqualTo(12.533);
        assertThat(plan.live()).isFalse();
        assertThat(plan.selection().variantUrl()).isEqualTo("4");
        assertThat(plan.selection().resolution()).isEqualTo("1280x720");
        assertThat(plan.selection().bandwidth()).isEqualTo(2337226);
        assertThat(plan.selection().codecs()).isEqualTo("avc1.4d401f");
        assertThat(plan.selection().audio()).isEqualTo("7");
        assertThat(plan.selection().variantsOffered()).isEqualTo(4);
    }

    @Test
    void theOlderShapeWithDashAudioMp4IsReadToo() throws Exception {
        String older = MPD.replace("DASH_AUDIO_128.mp4", "DASH_audio.mp4")
                .replace("bandwidth=\"66110\"", "bandwidth=\"1\"");
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.DASH, URL, new MapFetcher().serve(URL, older));
        assertThat(plan.parts()).extracting(PlannedPart::url).containsExactly(
                "https://v.redd.it/q8mu2n7kx1ld1/DASH_1080.mp4", "https://v.redd.it/q8mu2n7kx1ld1/DASH_audio.mp4");
    }

    @Test
    void theParserKeepsEveryRepresentationWithoutAnInitPart() throws Exception {
        DashManifest manifest = DashParser.parse(MPD.getBytes(), java.net.URI.create(URL), 5000);
        assertThat(manifest.durationSeconds()).isEqualTo(12.533);
        assertThat(manifest.adaptations()).extracting(DashManifest.Adaptation::contentType).containsExactly("video", "audio");
        assertThat(manifest.adaptations().get(0).representations()).extracting(DashManifest.Representation::height)
                .containsExactly(360, 480, 720, 1080);
        assertThat(manifest.adaptations().get(1).representations()).allSatisfy(r -> {
            assertThat(r.initUrl()).isNull();
            assertThat(r.segments()).hasSize(1);
        });
    }
}
