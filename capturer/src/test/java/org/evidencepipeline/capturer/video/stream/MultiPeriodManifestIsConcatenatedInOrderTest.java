package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class MultiPeriodManifestIsConcatenatedInOrderTest {
    static final String URL = "https://tv.example/show/ep1.mpd";

    private static String period(String id, String duration, String dir) {
        return "<Period id=\"" + id + "\" duration=\"" + duration + "\"><BaseURL>" + dir + "/</BaseURL>"
                + "<AdaptationSet mimeType=\"video/mp4\"><SegmentTemplate duration=\"2\" media=\"$RepresentationID$-$Number$.m4s\""
                + " initialization=\"$RepresentationID$-init.mp4\"/>"
                + "<Representation id=\"v720\" bandwidth=\"2000000\" height=\"720\" width=\"1280\"/>"
                + "<Representation id=\"v360\" bandwidth=\"600000\" height=\"360\" width=\"640\"/></AdaptationSet>"
                + "<AdaptationSet mimeType=\"audio/mp4\"><SegmentTemplate duration=\"2\" media=\"$RepresentationID$-$Number$.m4s\""
                + " initialization=\"$RepresentationID$-init.mp4\"/>"
                + "<Representation id=\"aac\" bandwidth=\"128000\"/></AdaptationSet></Period>";
    }

    @Test
    void eachPeriodsInitAndSegmentsFollowThePreviousPeriods() throws Exception {
        String mpd = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" mediaPresentationDuration=\"PT10S\">"
                + period("intro", "PT4S", "p1") + period("main", "PT6S", "p2") + "</MPD>";
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.DASH, URL, new MapFetcher().serve(URL, mpd));
        String b = "https://tv.example/show/";
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("video"))
                .extracting(PlannedPart::role, PlannedPart::url).containsExactly(
                        tuple(VideoPart.INIT, b + "p1/v720-init.mp4"),
                        tuple(VideoPart.SEGMENT, b + "p1/v720-1.m4s"),
                        tuple(VideoPart.SEGMENT, b + "p1/v720-2.m4s"),
                        tuple(VideoPart.INIT, b + "p2/v720-init.mp4"),
                        tuple(VideoPart.SEGMENT, b + "p2/v720-1.m4s"),
                        tuple(VideoPart.SEGMENT, b + "p2/v720-2.m4s"),
                        tuple(VideoPart.SEGMENT, b + "p2/v720-3.m4s"));
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("audio")).hasSize(7);
        assertThat(plan.durationSeconds()).isEqualTo(10.0);
    }

    @Test
    void periodDurationsComeFromTheNextPeriodsStartWhenNotDeclared() throws Exception {
        String mpd = "<MPD mediaPresentationDuration=\"PT10S\">"
                + period("a", "", "p1").replace(" duration=\"\"", " start=\"PT0S\"")
                + period("b", "", "p2").replace(" duration=\"\"", " start=\"PT4S\"") + "</MPD>";
        DashManifest manifest = DashParser.parse(mpd.getBytes(), java.net.URI.create(URL), 5000);
        // 4 s then 6 s of 2 s segments, plus the second period's init.
        assertThat(manifest.adaptations().get(0).representations().get(0).segments()).hasSize(2 + 1 + 3);
        assertThat(manifest.adaptations()).hasSize(2);
    }
}
