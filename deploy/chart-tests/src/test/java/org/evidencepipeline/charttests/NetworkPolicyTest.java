package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPolicyTest {
    static final List<String> PRIVATE_IPV4 = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10");

    @ParameterizedTest
    @ValueSource(strings = {"collector", "storer", "capturer"})
    void publicInternetEgressExcludesPrivateLinkLocalAndCgnatRanges(String component) {
        JsonNode policy = Chart.render().get("NetworkPolicy", Chart.name(component));

        JsonNode v4 = ipBlock(policy, "0.0.0.0/0").orElseThrow(() -> new AssertionError(component + " has no public-internet egress"));
        assertThat(Manifests.texts(v4.path("except"))).containsAll(PRIVATE_IPV4).contains("127.0.0.0/8");
        JsonNode v6 = ipBlock(policy, "::/0").orElseThrow();
        assertThat(Manifests.texts(v6.path("except"))).contains("fc00::/7", "fe80::/10", "::1/128", "::ffff:0:0/96");
    }

    @Test
    void enricherReachesOnlyDnsAndKafka() {
        JsonNode policy = Chart.render().get("NetworkPolicy", Chart.name("enricher"));

        assertThat(ipBlock(policy, "0.0.0.0/0")).isEmpty();
        assertThat(egressPorts(policy)).containsExactlyInAnyOrder(53, 53, 9092, 9093);
    }

    @Test
    void theStorerAndTheCollectorReachS3AndTheEnricherDoesNot() {
        Manifests m = Chart.render();

        assertThat(egressPorts(m.get("NetworkPolicy", Chart.name("storer")))).contains(9000);
        // The collector writes its fetch WARCs to the archive; s3.endpoint is in-cluster (private), which the
        // internet rule excludes, so only an S3 rule of its own lets it through.
        assertThat(egressPorts(m.get("NetworkPolicy", Chart.name("collector")))).contains(9000);
        assertThat(egressPorts(m.get("NetworkPolicy", Chart.name("enricher")))).doesNotContain(9000);
    }

    @Test
    void theCollectorsS3RuleIsTheStorersWithTheS3PeersAndPorts() {
        Manifests m = Chart.render("values/collector-evidence-secret.yaml");

        JsonNode collector = s3Rule(m.get("NetworkPolicy", Chart.name("collector")))
                .orElseThrow(() -> new AssertionError("collector has no egress rule to s3.networkPeers"));
        JsonNode storer = s3Rule(m.get("NetworkPolicy", Chart.name("storer"))).orElseThrow();
        assertThat(collector).isEqualTo(storer);
        assertThat(s3Rule(m.get("NetworkPolicy", Chart.name("capturer")))).as("the capturer's pages go to the same archive").contains(storer);
        assertThat(collector.path("ports").findValuesAsText("port")).containsExactly("9000");
        assertThat(s3Rule(m.get("NetworkPolicy", Chart.name("enricher")))).isEmpty();
    }

    /** The egress rule to the S3 peers of values/collector-evidence-secret.yaml (namespace storage, app minio). */
    private static Optional<JsonNode> s3Rule(JsonNode policy) {
        for (JsonNode rule : policy.path("spec").path("egress")) {
            JsonNode to = rule.path("to");
            if (to.size() == 1 && to.get(0).path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText().equals("storage")
                    && to.get(0).path("podSelector").path("matchLabels").path("app").asText().equals("minio")) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.evidencepipeline.charttests.ValueSets#all")
    void everyEgressRuleNamesItsDestinationsAndEveryIngressOnlyTheHttpPort(String valueSet) {
        Manifests m = ValueSets.render(valueSet);
        List<JsonNode> policies = m.ofKind("NetworkPolicy");
        assertThat(policies).isNotEmpty();

        for (JsonNode p : policies) {
            String id = Manifests.id(p);
            assertThat(Manifests.texts(p.path("spec").path("policyTypes"))).as(id).containsExactlyInAnyOrder("Ingress", "Egress");
            for (JsonNode rule : p.path("spec").path("egress")) {
                // A rule without "to" would allow every destination.
                assertThat(rule.path("to").isArray() && rule.path("to").size() > 0).as(id + " egress rule has destinations: " + rule).isTrue();
                for (JsonNode peer : rule.path("to")) {
                    assertThat(peer.size()).as(id + " empty peer").isPositive();
                }
            }
            for (JsonNode rule : p.path("spec").path("ingress")) {
                assertThat(rule.path("ports").size()).as(id).isEqualTo(1);
                assertThat(rule.path("ports").get(0).path("port").asText()).as(id).isEqualTo("http");
            }
        }
    }

    @Test
    void policiesSelectThePodsOfTheirComponent() {
        Manifests m = Chart.render();

        for (String c : Chart.COMPONENTS) {
            var podLabels = Manifests.labels(m.get("Deployment", Chart.name(c)).path("spec").path("template").path("metadata").path("labels"));
            var selector = Manifests.labels(m.get("NetworkPolicy", Chart.name(c)).path("spec").path("podSelector").path("matchLabels"));
            assertThat(selector).containsEntry("app.kubernetes.io/component", c);
            assertThat(podLabels).containsAllEntriesOf(selector);
        }
    }

    @Test
    void extraExceptCidrsJoinTheRightAddressFamily() {
        JsonNode policy = Chart.render("values/hardened-network.yaml").get("NetworkPolicy", Chart.name("storer"));

        assertThat(Manifests.texts(ipBlock(policy, "0.0.0.0/0").orElseThrow().path("except"))).contains("203.0.113.0/24").doesNotContain("2001:db8::/32");
        assertThat(Manifests.texts(ipBlock(policy, "::/0").orElseThrow().path("except"))).contains("2001:db8::/32");
        assertThat(egressPorts(policy)).doesNotContain(80);
    }

    @Test
    void noPoliciesWhenDisabled() {
        assertThat(Chart.render(java.util.Map.of("networkPolicy.enabled", false)).ofKind("NetworkPolicy")).isEmpty();
    }

    static Optional<JsonNode> ipBlock(JsonNode policy, String cidr) {
        for (JsonNode rule : policy.path("spec").path("egress")) {
            for (JsonNode peer : rule.path("to")) {
                if (cidr.equals(peer.path("ipBlock").path("cidr").asText())) {
                    return Optional.of(peer.path("ipBlock"));
                }
            }
        }
        return Optional.empty();
    }

    static List<Integer> egressPorts(JsonNode policy) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode rule : policy.path("spec").path("egress")) {
            rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        }
        return ports;
    }

    static Set<String> names(List<JsonNode> docs) {
        Set<String> out = new TreeSet<>();
        docs.forEach(d -> out.add(d.path("metadata").path("name").asText()));
        return out;
    }
}
