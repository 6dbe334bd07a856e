package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class PodSecurityTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.evidencepipeline.charttests.ValueSets#all")
    void everyPodMeetsTheRestrictedPodSecurityStandard(String valueSet) {
        Manifests m = ValueSets.render(valueSet);

        assertThat(m.podSpecs()).as("workloads rendered").isNotEmpty();
        assertThat(PodSecurity.violations(m)).isEmpty();
    }

    @Test
    void serviceAccountDoesNotMountAToken() {
        JsonNode sa = Chart.render().get("ServiceAccount", Chart.RELEASE);

        assertThat(sa.path("automountServiceAccountToken").isBoolean()).isTrue();
        assertThat(sa.path("automountServiceAccountToken").asBoolean()).isFalse();
    }

    @Test
    void defaultsRenderServicesTopicJobAndTestPodsAsChecked() {
        // Guards the test above against checking nothing: hooks are part of what it checks.
        assertThat(Chart.render().podSpecs().keySet()).containsExactlyInAnyOrder(
                "Deployment/evidence-pipeline-collector", "Deployment/evidence-pipeline-enricher",
                "Deployment/evidence-pipeline-storer", "Deployment/evidence-pipeline-capturer", "Job/evidence-pipeline-topics",
                "Pod/evidence-pipeline-test-collector", "Pod/evidence-pipeline-test-enricher",
                "Pod/evidence-pipeline-test-storer", "Pod/evidence-pipeline-test-capturer");
    }

    @Test
    void checkerAcceptsALocalhostSeccompProfileButNotUnconfinedOrALocalhostWithoutItsFile() {
        JsonNode pod = Chart.render().podSpecs().get("Deployment/evidence-pipeline-capturer").deepCopy();
        ObjectNode profile = (ObjectNode) pod.path("securityContext").path("seccompProfile");

        profile.put("type", "Localhost").put("localhostProfile", "evidence-pipeline/chromium.json");
        assertThat(PodSecurity.violations("capturer", pod, true)).isEmpty();
        profile.remove("localhostProfile");
        assertThat(PodSecurity.violations("capturer", pod, true))
                .containsExactly("capturer: pod seccompProfile must be RuntimeDefault or Localhost with a profile");
        profile.put("type", "Unconfined");
        assertThat(PodSecurity.violations("capturer", pod, true)).hasSize(1);
    }

    @Test
    void checkerFlagsAWritableRootAndAMissingTmp() {
        // The checker itself: a pod that breaks the rules is reported.
        JsonNode pod = Chart.render().podSpecs().get("Deployment/evidence-pipeline-enricher").deepCopy();
        ObjectNode sc = (ObjectNode) pod.path("containers").get(0).path("securityContext");
        sc.put("readOnlyRootFilesystem", false);
        ((ObjectNode) pod.path("containers").get(0)).remove("volumeMounts");

        assertThat(PodSecurity.violations("enricher", pod, true)).containsExactlyInAnyOrder(
                "enricher container enricher: readOnlyRootFilesystem must be true",
                "enricher container enricher: /tmp must be mounted from an emptyDir");
    }
}
