package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class DashTemplateExpandsEverySegmentTest {
    static final URI URL = URI.create("https://origin.example/live/event/manifest.mpd");

    private static DashManifest parse(String xml) throws PlaylistException {
        return DashParser.parse(xml.getBytes(StandardCharsets.UTF_8), URL, 5000);
    }

    @Test
    void aNumberTemplateCoversThePresentationDurationWithBaseUrlsResolvedInOrder() throws Exception {
        String mpd = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" mediaPresentationDuration=\"PT1M30.5S\">"
                + "<BaseURL>https://cdn.example/dash/</BaseURL>"
                + "<Period id=\"1\"><BaseURL>p1/</BaseURL>"
                + "<AdaptationSet mimeType=\"video/mp4\" lang=\"en\"><BaseURL>video/</BaseURL>"
                + "<SegmentTemplate timescale=\"1000\" duration=\"2000\" startNumber=\"1\""
                + " initialization=\"$RepresentationID$/init.mp4\" media=\"$RepresentationID$/$Bandwidth$/seg-$Number%05d$.m4s\"/>"
                + "<Representation id=\"v1\" bandwidth=\"900000\" width=\"640\" height=\"360\" codecs=\"avc1.64001e\"/>"
                + "</AdaptationSet></Period></MPD>";
        DashManifest.Representation r = parse(mpd).adaptations().get(0).representations().get(0);
        assertThat(r.initUrl()).isEqualTo("https://cdn.example/dash/p1/video/v1/init.mp4");
        assertThat(r.segments()).hasSize(46);
        assertThat(r.segments().get(0).url()).isEqualTo("https://cdn.example/dash/p1/video/v1/900000/seg-00001.m4s");
        assertThat(r.segments().get(45).url()).isEqualTo("https://cdn.example/dash/p1/video/v1/900000/seg-00046.m4s");
        assertThat(r.segments().get(0).durationSeconds()).isEqualTo(2.0);
        assertThat(r.segments().get(45).durationSeconds()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.segments().stream().mapToDouble(DashManifest.Segment::durationSeconds).sum())
                .isCloseTo(90.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aTimelineWithTimeAndOpenEndedRepeatListsEverySegment() throws Exception {
        String mpd = "<MPD type=\"static\" mediaPresentationDuration=\"PT21S\"><Period>"
                + "<AdaptationSet contentType=\"video\">"
                + "<SegmentTemplate timescale=\"1000\" initialization=\"init-$RepresentationID$.m4s\""
                + " media=\"chunk-$RepresentationID$-$Time$.m4s\"><SegmentTimeline>"
                + "<S t=\"0\" d=\"2000\" r=\"2\"/><S d=\"1000\"/><S d=\"2000\" r=\"-1\"/>"
                + "</SegmentTimeline></SegmentTemplate>"
                + "<Representation id=\"hd\" bandwidth=\"3000000\" width=\"1280\" height=\"720\"/>"
                + "</AdaptationSet></Period></MPD>";
        DashManifest.Representation r = parse(mpd).adaptations().get(0).representations().get(0);
        assertThat(r.segments()).extracting(DashManifest.Segment::url).containsExactly(
                "https://origin.example/live/event/chunk-hd-0.m4s", "https://origin.example/live/event/chunk-hd-2000.m4s",
                "https://origin.example/live/event/chunk-hd-4000.m4s", "https://origin.example/live/event/chunk-hd-6000.m4s",
                "https://origin.example/live/event/chunk-hd-7000.m4s", "https://origin.example/live/event/chunk-hd-9000.m4s",
                "https://origin.example/live/event/chunk-hd-11000.m4s", "https://origin.example/live/event/chunk-hd-13000.m4s",
                "https://origin.example/live/event/chunk-hd-15000.m4s", "https://origin.example/live/event/chunk-hd-17000.m4s",
                "https://origin.example/live/event/chunk-hd-19000.m4s");
        assertThat(r.segments().stream().mapToDouble(DashManifest.Segment::durationSeconds).sum()).isEqualTo(21.0);
        assertThat(r.initUrl()).isEqualTo("https://origin.example/live/event/init-hd.m4s");
    }

    @Test
    void aRepresentationTemplateInheritsTheAdaptationSetsAttributes() throws Exception {
        String mpd = "<MPD mediaPresentationDuration=\"PT6S\"><Period><AdaptationSet mimeType=\"audio/mp4\">"
                + "<SegmentTemplate timescale=\"48000\" duration=\"96000\" media=\"$RepresentationID$_$Number$.m4a\""
                + " initialization=\"$RepresentationID$_init.m4a\"/>"
                + "<Representation id=\"a1\" bandwidth=\"128000\"><SegmentTemplate startNumber=\"10\"/></Representation>"
                + "</AdaptationSet></Period></MPD>";
        DashManifest.Representation r = parse(mpd).adaptations().get(0).representations().get(0);
        assertThat(r.segments()).extracting(DashManifest.Segment::url).containsExactly(
                "https://origin.example/live/event/a1_10.m4a", "https://origin.example/live/event/a1_11.m4a",
                "https://origin.example/live/event/a1_12.m4a");
    }

    @Test
    void aSegmentListIsListedInOrder() throws Exception {
        String mpd = "<MPD mediaPresentationDuration=\"PT9S\"><Period><AdaptationSet mimeType=\"video/mp4\">"
                + "<Representation id=\"v\" bandwidth=\"1\" height=\"144\"><BaseURL>rep/</BaseURL>"
                + "<SegmentList timescale=\"10\" duration=\"30\"><Initialization sourceURL=\"init.mp4\"/>"
                + "<SegmentURL media=\"a.m4s\"/><SegmentURL media=\"b.m4s\"/><SegmentURL media=\"c.m4s\"/>"
                + "</SegmentList></Representation></AdaptationSet></Period></MPD>";
        DashManifest.Representation r = parse(mpd).adaptations().get(0).representations().get(0);
        assertThat(r.initUrl()).isEqualTo("https://origin.example/live/event/rep/init.mp4");
        assertThat(r.segments()).extracting(DashManifest.Segment::url, DashManifest.Segment::durationSeconds).containsExactly(
                tuple("https://origin.example/live/event/rep/a.m4s", 3.0),
                tuple("https://origin.example/live/event/rep/b.m4s", 3.0),
                tuple("https://origin.example/live/event/rep/c.m4s", 3.0));
    }

    @Test
    void thePlannerListsInitThenSegmentsPerTrackAndPrefersAudioInTheVideosLanguage() throws Exception {
        String mpd = "<?xml version=\"1.0\"?><mpd:MPD xmlns:mpd=\"urn:mpeg:dash:schema:mpd:2011\" mediaPresentationDuration=\"PT4S\">"
                + "<mpd:Period>"
                + "<mpd:AdaptationSet contentType=\"video\" lang=\"en\">"
                + "<mpd:SegmentTemplate duration=\"2\" media=\"v/$RepresentationID$/$Number$.m4s\" initialization=\"v/$RepresentationID$/i.mp4\"/>"
                + "<mpd:Representation id=\"360\" bandwidth=\"500000\" width=\"640\" height=\"360\"/>"
                + "<mpd:Representation id=\"720\" bandwidth=\"2000000\" width=\"1280\" height=\"720\"/>"
                + "</mpd:AdaptationSet>"
                + "<mpd:AdaptationSet contentType=\"audio\" lang=\"fr\">"
                + "<mpd:SegmentTemplate duration=\"2\" media=\"a/$RepresentationID$/$Number$.m4s\" initialization=\"a/$RepresentationID$/i.mp4\"/>"
                + "<mpd:Representation id=\"fr192\" bandwidth=\"192000\"/></mpd:AdaptationSet>"
                + "<mpd:AdaptationSet contentType=\"audio\" lang=\"en\">"
                + "<mpd:SegmentTemplate duration=\"2\" media=\"a/$RepresentationID$/$Number$.m4s\" initialization=\"a/$RepresentationID$/i.mp4\"/>"
                + "<mpd:Representation id=\"en96\" bandwidth=\"96000\"/><mpd:Representation id=\"en128\" bandwidth=\"128000\"/>"
                + "</mpd:AdaptationSet>"
                + "<mpd:AdaptationSet mimeType=\"text/vtt\" lang=\"uk\">"
                + "<mpd:Representation id=\"sub-uk\" bandwidth=\"100\"><mpd:BaseURL>subs/uk.vtt</mpd:BaseURL></mpd:Representation>"
                + "</mpd:AdaptationSet>"
                + "</mpd:Period></mpd:MPD>";
        MapFetcher fetcher = new MapFetcher().serve(URL.toString(), mpd);
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000).plan(VideoCaptureRequested.DASH, URL.toString(), fetcher);
        String b = "https://origin.example/live/event/";
        assertThat(plan.parts()).extracting(PlannedPart::role, PlannedPart::track, PlannedPart::url).containsExactly(
                tuple(VideoPart.INIT, "video", b + "v/720/i.mp4"),
                tuple(VideoPart.SEGMENT, "video", b + "v/720/1.m4s"),
                tuple(VideoPart.SEGMENT, "video", b + "v/720/2.m4s"),
                tuple(VideoPart.INIT, "audio", b + "a/en128/i.mp4"),
                tuple(VideoPart.SEGMENT, "audio", b + "a/en128/1.m4s"),
                tuple(VideoPart.SEGMENT, "audio", b + "a/en128/2.m4s"),
                tuple(VideoPart.SUBTITLE, "subtitles:uk", b + "subs/uk.vtt"));
        assertThat(plan.selection().audio()).isEqualTo("en128");
        assertThat(plan.selection().subtitles()).isEqualTo(List.of("sub-uk"));
        assertThat(plan.durationSeconds()).isEqualTo(4.0);
    }

    @Test
    void aDynamicManifestIsFlaggedLiveWithWhatIsListed() throws Exception {
        String mpd = "<MPD type=\"dynamic\" availabilityStartTime=\"2026-12-01T00:00:00Z\"><Period start=\"PT0S\">"
                + "<AdaptationSet contentType=\"video\"><SegmentTemplate timescale=\"1\" media=\"$Time$.m4s\">"
                + "<SegmentTimeline><S t=\"100\" d=\"2\" r=\"1\"/></SegmentTimeline></SegmentTemplate>"
                + "<Representation id=\"v\" bandwidth=\"1\"/></AdaptationSet></Period></MPD>";
        StreamPlan plan = new StreamPlanner(new VariantRule(0), 5000)
                .plan(VideoCaptureRequested.DASH, URL.toString(), new MapFetcher().serve(URL.toString(), mpd));
        assertThat(plan.live()).isTrue();
        assertThat(plan.parts()).extracting(PlannedPart::url).containsExactly(
                "https://origin.example/live/event/100.m4s", "https://origin.example/live/event/102.m4s");
    }
}
