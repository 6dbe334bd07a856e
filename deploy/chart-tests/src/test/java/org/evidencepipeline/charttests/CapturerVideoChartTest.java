package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The capturer's video settings: values to CAPTURER_VIDEO_* env, checked by the schema, and /tmp sized for a stream. */
class CapturerVideoChartTest {
    static final String CAPTURER = Chart.name("capturer");

    @Test
    void defaultVideoSettingsReachTheCapturerAsItsConfigNames() {
        JsonNode container = Chart.render().container(CAPTURER);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("CAPTURER_VIDEO_ENABLED", "true");
        expected.put("CAPTURER_VIDEO_MAX_BYTES", "2147483648");
        expected.put("CAPTURER_VIDEO_MAX_DURATION", "3h");
        expected.put("CAPTURER_VIDEO_MAX_SEGMENTS", "5000");
        expected.put("CAPTURER_VIDEO_WALL_TIME", "10m");
        expected.put("CAPTURER_VIDEO_PART_TIMEOUT", "2m");
        expected.put("CAPTURER_VIDEO_MAX_HEIGHT", "1080");
        expected.put("CAPTURER_VIDEO_MUX_DEADLINE", "5m");
        expected.put("CAPTURER_VIDEO_YT_DLP_DEADLINE", "10m");
        expected.put("CAPTURER_VIDEO_YT_DLP_FORMAT", "bv*[height<=1080]+ba/b[height<=1080]/b");
        expected.forEach((name, value) ->
                assertThat(Manifests.env(container, name).path("value").asText()).as(name).isEqualTo(value));
        // Unset paths: the image's ffmpeg and yt-dlp on PATH.
        assertThat(Manifests.envNames(container)).doesNotContain("CAPTURER_VIDEO_FFMPEG", "CAPTURER_VIDEO_YT_DLP");
        assertThat(Manifests.envNames(Chart.render().container(Chart.name("storer")))).noneMatch(n -> n.startsWith("CAPTURER_VIDEO_"));
    }

    @Test
    void overriddenVideoSettingsAndAPinnedYtDlpAreRenderedAsGiven() {
        JsonNode container = Chart.render("values/capturer-video.yaml").container(CAPTURER);

        assertThat(Manifests.env(container, "CAPTURER_VIDEO_MAX_BYTES").path("value").asText()).isEqualTo("536870912");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_MAX_DURATION").path("value").asText()).isEqualTo("30m");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_MAX_SEGMENTS").path("value").asText()).isEqualTo("1200");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_WALL_TIME").path("value").asText()).isEqualTo("PT4M");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_PART_TIMEOUT").path("value").asText()).isEqualTo("45s");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_MAX_HEIGHT").path("value").asText()).isEqualTo("0");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_YT_DLP_FORMAT").path("value").asText()).isEqualTo("bv*+ba/b");
        assertThat(Manifests.env(container, "CAPTURER_VIDEO_YT_DLP").path("value").asText()).isEqualTo("/opt/yt-dlp/yt-dlp");
        assertThat(Manifests.envNames(container)).doesNotContain("CAPTURER_VIDEO_FFMPEG");
    }

    @Test
    void tmpHoldsTheBrowsersShareAndOneStreamsPartsAndItsMuxedCopy() {
        // Defaults: 1Gi for the browser plus 2 x 2 GiB.
        assertThat(tmpSizeLimit(Chart.render())).isEqualTo("5120Mi");
        // 512Mi + 2 x 512 MiB.
        assertThat(tmpSizeLimit(Chart.render("values/capturer-video.yaml"))).isEqualTo("1536Mi");
        // A budget that is not whole MiB is rounded up, never down.
        assertThat(tmpSizeLimit(Chart.render(Map.of("components.capturer.video.maxBytes", 1048577)))).isEqualTo("1028Mi");
        // Video off: the browser's share alone.
        assertThat(tmpSizeLimit(Chart.render(Map.of("components.capturer.video.enabled", false)))).isEqualTo("1Gi");
        assertThat(Manifests.env(Chart.render(Map.of("components.capturer.video.enabled", false)).container(CAPTURER),
                "CAPTURER_VIDEO_ENABLED").path("value").asText()).isEqualTo("false");
        // Other components keep their own /tmp.
        Manifests m = Chart.render();
        JsonNode storerPod = m.get("Deployment", Chart.name("storer")).path("spec").path("template").path("spec");
        assertThat(volume(storerPod, "tmp").path("emptyDir").path("sizeLimit").asText()).isEqualTo("1Gi");
    }

    @Test
    void videoTopicsAreCreatedWithThePageTopics() {
        JsonNode job = Chart.render().get("Job", "evidence-pipeline-topics");
        String script = job.path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText();
        for (String topic : new String[] {"videos.requested.v1", "videos.archived.v1"}) {
            assertThat(script).contains("--create --if-not-exists --topic \"" + topic + "\" --partitions 12");
        }
    }

    @Test
    void schemaRefusesAMisspeltDurationAndANonBooleanCollectionVideosFlag() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/capturer-video-bad-duration.yaml"))
                .contains("at '/components/capturer/video/wallTime'");
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/collection-videos-not-boolean.yaml"))
                .contains("at '/components/collector/collections/0/capture/videos'");
        // The boolean passes through to the collector's collections file.
        JsonNode configMap = Chart.render("values/collections.yaml").get("ConfigMap", "evidence-pipeline-collections");
        assertThat(configMap.path("data").path("collections.yaml").asText()).contains("videos: false");
    }

    private static String tmpSizeLimit(Manifests m) {
        JsonNode pod = m.get("Deployment", CAPTURER).path("spec").path("template").path("spec");
        return volume(pod, "tmp").path("emptyDir").path("sizeLimit").asText();
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }
}
