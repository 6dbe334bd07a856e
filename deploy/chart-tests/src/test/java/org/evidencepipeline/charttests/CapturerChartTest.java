package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The capturer: a headless Chromium in a restricted pod, with the memory, shared memory and seccomp it needs. */
class CapturerChartTest {
    static final String CAPTURER = Chart.name("capturer");
    static final long MIB = 1024 * 1024;

    @Test
    void capturerPodMeetsTheRestrictedStandardWithItsOwnResourcesTmpAndMemoryBackedShm() {
        Manifests m = Chart.render();
        JsonNode pod = m.get("Deployment", CAPTURER).path("spec").path("template").path("spec");
        JsonNode container = m.container(CAPTURER);

        assertThat(PodSecurity.violations("capturer", pod, true)).isEmpty();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(185);
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        JsonNode sc = container.path("securityContext");
        assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean()).isTrue();
        assertThat(Manifests.texts(sc.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(sc.path("capabilities").has("add")).isFalse();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

        assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("500m");
        assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo("1Gi");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("2Gi");

        JsonNode shm = volumeMountedAt(pod, container, "/dev/shm");
        assertThat(shm.path("emptyDir").path("medium").asText()).isEqualTo("Memory");
        assertThat(shm.path("emptyDir").path("sizeLimit").asText()).isEqualTo("512Mi");
        JsonNode tmp = volumeMountedAt(pod, container, "/tmp");
        assertThat(tmp.path("emptyDir").has("medium")).as("/tmp on the node's disk").isFalse();
        assertThat(tmp.path("emptyDir").path("sizeLimit").asText()).as("1Gi for the browser, 2 x 2 GiB for a video stream and its MP4").isEqualTo("5120Mi");
        // The browser keeps its sandbox: nothing the chart renders switches it off.
        assertThat(m.text).doesNotContain("no-sandbox");
    }

    @Test
    void localhostSeccompProfileAppliesToTheCapturersPodAndContainerOnly() {
        Manifests m = Chart.render("values/capturer-localhost-seccomp.yaml");
        JsonNode pod = m.get("Deployment", CAPTURER).path("spec").path("template").path("spec");

        for (JsonNode profile : List.of(pod.path("securityContext").path("seccompProfile"),
                m.container(CAPTURER).path("securityContext").path("seccompProfile"))) {
            assertThat(profile.path("type").asText()).isEqualTo("Localhost");
            assertThat(profile.path("localhostProfile").asText()).isEqualTo("evidence-pipeline/chromium.json");
        }
        assertThat(PodSecurity.violations(m)).isEmpty();
        assertThat(m.container(Chart.name("storer")).path("securityContext").path("seccompProfile").path("type").asText())
                .isEqualTo("RuntimeDefault");
        assertThat(m.container(Chart.name("storer")).path("securityContext").path("seccompProfile").has("localhostProfile")).isFalse();
        assertThat(Chart.notes("values/capturer-localhost-seccomp.yaml")).contains("seccomp profile (now Localhost evidence-pipeline/chromium.json)");
        assertThat(Chart.notes()).contains("keeps its sandbox (never --no-sandbox)").contains("(now RuntimeDefault)")
                .contains("files/seccomp-chromium.json");
    }

    @Test
    void schemaRefusesAnUnconfinedProfileAndALocalhostProfileWithoutItsFile() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/capturer-seccomp-unconfined.yaml"))
                .contains("at '/components/capturer/seccompProfile/type'");
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/capturer-seccomp-localhost-without-file.yaml"))
                .contains("at '/components/capturer/seccompProfile'").contains("missing property 'localhostProfile'");
    }

    @Test
    void browserMemoryCapIsInBytesAndLeavesTheHeapAndJvmOverheadInsideTheLimit() {
        for (String valueSet : List.of("defaults", "values/capturer-localhost-seccomp.yaml")) {
            JsonNode container = ValueSets.render(valueSet).container(CAPTURER);

            long cap = Long.parseLong(Manifests.env(container, "CAPTURER_BROWSER_MEMORY_CAP").path("value").asText());
            long limit = mebibytes(container.path("resources").path("limits").path("memory").asText()) * MIB;
            String opts = Manifests.env(container, "JAVA_TOOL_OPTIONS").path("value").asText();
            int percent = Integer.parseInt(opts.replaceAll(".*-XX:MaxRAMPercentage=([0-9]+).*", "$1"));
            long heap = limit * percent / 100;
            assertThat(cap).as(valueSet).isPositive().isEqualTo((valueSet.equals("defaults") ? 1200 : 2000) * MIB);
            assertThat(cap + heap + 256 * MIB).as(valueSet + ": cap + heap + JVM overhead").isLessThan(limit);
            assertThat(Manifests.envNames(container)).as("the UBI launcher's variable is not read by this image").doesNotContain("JAVA_OPTS_APPEND");
        }
    }

    @Test
    void aBrowserCapThatCrowdsOutTheJvmFailsRenderingSayingWhatFits() {
        for (Path chart : List.of(Chart.SOURCE, Chart.withoutSchema())) {
            String message = failure(chart, Map.of("components.capturer.browserMemoryCapMi", 1400));
            assertThat(message).contains("components.capturer.browserMemoryCapMi=1400", "limits.memory=2Gi (2048Mi)",
                    "heap of 512Mi", "must stay below 1280Mi");
        }
        // The same cap fits a larger limit, and a disabled capturer is not checked.
        assertThat(Chart.render(Map.of("components.capturer.browserMemoryCapMi", 1400, "components.capturer.resources.limits.memory", "3Gi"))
                .container(CAPTURER).path("resources").path("limits").path("memory").asText()).isEqualTo("3Gi");
        assertThat(Chart.render(Map.of("components.capturer.browserMemoryCapMi", 4000, "components.capturer.enabled", false))
                .find("Deployment", CAPTURER)).isEmpty();
    }

    @Test
    void capturerWritesToTheStorersBucketWithTheStorersSecretAndKeepsItsFilesInTmp() {
        Manifests m = Chart.render("values/kafka-tls-sasl.yaml");
        JsonNode capturer = m.container(CAPTURER);
        JsonNode storer = m.container(Chart.name("storer"));

        assertThat(Manifests.env(capturer, "CAPTURER_S3_ENDPOINT").path("value").asText()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        for (String setting : List.of("ENDPOINT", "BUCKET", "REGION")) {
            assertThat(Manifests.env(capturer, "CAPTURER_S3_" + setting).path("value").asText()).as(setting)
                    .isNotBlank().isEqualTo(Manifests.env(storer, "STORER_S3_" + setting).path("value").asText());
        }
        for (String key : List.of("ACCESS_KEY", "SECRET_KEY")) {
            JsonNode ref = Manifests.env(capturer, "CAPTURER_S3_" + key).path("valueFrom").path("secretKeyRef");
            assertThat(ref).as(key).isEqualTo(Manifests.env(storer, "STORER_S3_" + key).path("valueFrom").path("secretKeyRef"));
            assertThat(ref.path("name").asText()).isEqualTo("archive-writer");
        }
        assertThat(Manifests.env(capturer, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_SSL");
        assertThat(Manifests.env(capturer, "CAPTURER_WORK_DIR").path("value").asText()).startsWith("/tmp/");
        assertThat(Manifests.env(capturer, "HOME").path("value").asText()).isEqualTo("/tmp");
        assertThat(Manifests.envNames(storer)).noneMatch(n -> n.startsWith("CAPTURER_"));
        assertThat(Manifests.envNames(m.container(Chart.name("enricher")))).noneMatch(n -> n.startsWith("CAPTURER_"));
    }

    @Test
    void capturerReachesThePublicInternetAndS3ButNoPrivateRange() {
        Manifests m = Chart.render("values/collector-evidence-secret.yaml");
        JsonNode policy = m.get("NetworkPolicy", CAPTURER);

        JsonNode v4 = NetworkPolicyTest.ipBlock(policy, "0.0.0.0/0").orElseThrow(() -> new AssertionError("no internet egress"));
        assertThat(Manifests.texts(v4.path("except"))).containsAll(NetworkPolicyTest.PRIVATE_IPV4).contains("127.0.0.0/8");
        assertThat(Manifests.texts(NetworkPolicyTest.ipBlock(policy, "::/0").orElseThrow().path("except")))
                .contains("fc00::/7", "fe80::/10", "::1/128");
        assertThat(NetworkPolicyTest.egressPorts(policy)).contains(53, 9092, 9000, 80, 443);
        // Without internet egress the browser reaches nothing outside the cluster.
        JsonNode closed = Chart.render(Map.of("components.capturer.internetEgress", false)).get("NetworkPolicy", CAPTURER);
        assertThat(NetworkPolicyTest.ipBlock(closed, "0.0.0.0/0")).isEmpty();
        assertThat(NetworkPolicyTest.ipBlock(closed, "::/0")).isEmpty();
    }

    @Test
    void hpaOrKedaOwnTheCapturersReplicas() {
        Manifests hpa = Chart.render("values/capturer-localhost-seccomp.yaml");
        Manifests keda = Chart.render("values/keda.yaml");

        assertThat(hpa.get("HorizontalPodAutoscaler", CAPTURER).path("spec").path("maxReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.get("Deployment", CAPTURER).path("spec").has("replicas")).isFalse();
        JsonNode trigger = keda.get("ScaledObject", CAPTURER).path("spec").path("triggers").get(0).path("metadata");
        assertThat(trigger.path("topic").asText()).isEqualTo("pages.requested.v1");
        assertThat(trigger.path("consumerGroup").asText()).isEqualTo("capturer");
        assertThat(trigger.path("lagThreshold").asText()).isEqualTo("20");
        assertThat(Chart.render().find("ScaledObject", CAPTURER)).isEmpty();
    }

    private static String failure(Path chart, Map<String, Object> sets) {
        return Chart.renderFailureExactly(chart, sets, Chart.API_SECRETS);
    }

    private static JsonNode volumeMountedAt(JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.equals(mount.path("mountPath").asText())) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(mount.path("name").asText())) {
                        return v;
                    }
                }
            }
        }
        throw new AssertionError("nothing mounted at " + path);
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        throw new IllegalArgumentException(quantity);
    }
}
