package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class HostileDashTemplatesAreRefusedWithoutAllocatingTest {
    static final String URL = "https://x.example/m.mpd";

    private static String template(String duration, String templateAttributes, String timeline) {
        return "<MPD mediaPresentationDuration=\"" + duration + "\"><Period><AdaptationSet contentType=\"video\">"
                + "<SegmentTemplate media=\"$Number$.m4s\" " + templateAttributes + ">" + timeline + "</SegmentTemplate>"
                + "<Representation id=\"v\" bandwidth=\"1\"/></AdaptationSet></Period></MPD>";
    }

    private static DashManifest parse(String xml) throws PlaylistException {
        return DashParser.parse(xml.getBytes(StandardCharsets.UTF_8), URI.create(URL), 5000);
    }

    @Test
    void aOneSecondTemplateOverAHundredYearsIsRefusedAtOnce() {
        String hostile = template("PT876600H", "duration=\"1\"", "");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThatThrownBy(() -> parse(hostile)).isInstanceOf(SegmentLimitException.class)
                        .hasMessageContaining("5000"));
        VideoCaptureStop stop = catchThrowableOfType(() -> new StreamPlanner(new VariantRule(0), 5000)
                .plan(VideoCaptureRequested.DASH, URL, new MapFetcher().serve(URL, hostile)), VideoCaptureStop.class);
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.CAP);
        assertThat(stop.cap()).isEqualTo("segments");
        assertThat(stop.limit()).isEqualTo("5000");
    }

    @Test
    void aTimelineRepeatingBillionsOfTimesIsRefusedAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThatThrownBy(() -> parse(template("PT10S", "", "<SegmentTimeline><S t=\"0\" d=\"1\" r=\"2000000000\"/>"
                    + "</SegmentTimeline>"))).isInstanceOf(SegmentLimitException.class);
            assertThatThrownBy(() -> parse(template("P100Y", "", "<SegmentTimeline><S t=\"0\" d=\"1\" r=\"-1\"/>"
                    + "</SegmentTimeline>"))).isInstanceOf(SegmentLimitException.class);
            assertThatThrownBy(() -> parse(template("PT10S", "", "<SegmentTimeline><S t=\"0\" d=\"1\" r=\"9223372036854775807\"/>"
                    + "</SegmentTimeline>"))).isInstanceOf(SegmentLimitException.class);
        });
    }

    @Test
    void manyRepresentationsUnderTheCapStillHaveATotalBound() {
        StringBuilder sb = new StringBuilder("<MPD mediaPresentationDuration=\"PT5000S\"><Period><AdaptationSet contentType=\"video\">"
                + "<SegmentTemplate media=\"$RepresentationID$/$Number$.m4s\" duration=\"1\"/>");
        for (int i = 0; i < 50; i++) {
            sb.append("<Representation id=\"r").append(i).append("\" bandwidth=\"").append(i).append("\"/>");
        }
        String xml = sb.append("</AdaptationSet></Period></MPD>").toString();
        assertThatThrownBy(() -> parse(xml)).isInstanceOf(SegmentLimitException.class).hasMessageContaining("in all");
    }

    @Test
    void malformedTemplatesAndDurationsAreRefused() {
        for (String bad : new String[]{
                template("-PT5S", "duration=\"1\"", ""),
                template("PT", "duration=\"1\"", ""),
                template("5 seconds", "duration=\"1\"", ""),
                template("PT5S", "duration=\"0\"", ""),
                template("PT5S", "duration=\"-2\"", ""),
                template("PT5S", "", ""),
                template("PT5S", "duration=\"1\" timescale=\"abc\"", ""),
                template("PT5S", "", "<SegmentTimeline><S t=\"0\" d=\"0\"/></SegmentTimeline>"),
                template("PT5S", "duration=\"1\"", "").replace("$Number$", "$Nmuber$"),
                template("PT5S", "duration=\"1\"", "").replace("$Number$", "$Number%s$"),
                template("PT5S", "duration=\"1\"", "").replace("$Number$", "$Number")}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(PlaylistException.class);
        }
    }

    @Test
    void aNonHttpBaseUrlIsRefusedByThePlanner() {
        String xml = "<MPD mediaPresentationDuration=\"PT2S\"><Period><AdaptationSet mimeType=\"video/mp4\">"
                + "<Representation id=\"v\" bandwidth=\"1\"><BaseURL>file:///etc/passwd</BaseURL></Representation>"
                + "</AdaptationSet></Period></MPD>";
        assertThatThrownBy(() -> new StreamPlanner(new VariantRule(0), 5000)
                .plan(VideoCaptureRequested.DASH, URL, new MapFetcher().serve(URL, xml)))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("http(s)");
    }

    @Test
    void aManifestWithNothingToPlayIsRefused() {
        String xml = "<MPD mediaPresentationDuration=\"PT2S\"><Period><AdaptationSet mimeType=\"image/jpeg\">"
                + "<Representation id=\"thumbs\" bandwidth=\"1\"><BaseURL>t.jpg</BaseURL></Representation>"
                + "</AdaptationSet></Period></MPD>";
        assertThatThrownBy(() -> new StreamPlanner(new VariantRule(0), 5000)
                .plan(VideoCaptureRequested.DASH, URL, new MapFetcher().serve(URL, xml)))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("no video or audio");
    }
}
