package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/k8s: valid manifests, a base that is the chart's own output, and overlays that build. */
class KustomizeTest {
    static final Path K8S = Chart.REPO.resolve("deploy/k8s");
    static final Path BASE = K8S.resolve("base/evidence-pipeline.yaml");
    static final String BASE_HEADER = """
            # GENERATED from helm/evidence-pipeline with deploy/chart-tests/src/test/resources/kustomize-base-values.yaml
            # (the chart's defaults, topics.create=false, the API role Secrets named) minus the collections ConfigMap, which kustomization.yaml
            # generates from collections.yaml. Do not edit: change the chart, then regenerate with
            #   ./mvnw -q verify -pl deploy/chart-tests -Dk8s.regenerate=true
            # deploy/chart-tests fails while this file and the chart disagree.
            """;

    @Test
    void everyYamlUnderDeployK8sIsValidWithApiVersionAndKind() throws IOException {
        List<Path> files = yamlFiles();
        List<Path> generatorInputs = generatorInputs();
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        int documents = 0;

        for (Path f : files) {
            Manifests m = Manifests.parse(Files.readString(f, StandardCharsets.UTF_8));
            assertThat(m.docs).as(K8S.relativize(f) + " has documents").isNotEmpty();
            if (generatorInputs.contains(f)) {
                continue; // data a configMapGenerator wraps into a ConfigMap: valid YAML is all it needs
            }
            for (JsonNode d : m.docs) {
                assertThat(d.path("apiVersion").isTextual() && !d.path("apiVersion").asText().isBlank())
                        .as(K8S.relativize(f) + ": apiVersion of " + d).isTrue();
                assertThat(d.path("kind").isTextual() && !d.path("kind").asText().isBlank())
                        .as(K8S.relativize(f) + ": kind of " + d).isTrue();
                documents++;
            }
        }
        assertThat(documents).isGreaterThan(files.size());
        assertThat(generatorInputs).allMatch(files::contains);
    }

    @Test
    void kustomizationsReferenceFilesThatExist() throws IOException {
        List<Path> kustomizations = yamlFiles().stream().filter(f -> f.getFileName().toString().equals("kustomization.yaml")).collect(Collectors.toList());
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(6);

        for (Path k : kustomizations) {
            JsonNode doc = Manifests.parse(Files.readString(k)).docs.get(0);
            assertThat(doc.path("apiVersion").asText()).startsWith("kustomize.config.k8s.io/");
            List<String> refs = new ArrayList<>();
            doc.path("resources").forEach(r -> refs.add(r.asText()));
            doc.path("components").forEach(r -> refs.add(r.asText()));
            doc.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> refs.add(f.asText())));
            doc.path("patches").forEach(p -> {
                if (p.has("path")) {
                    refs.add(p.path("path").asText());
                }
            });
            for (String ref : refs) {
                assertThat(k.getParent().resolve(ref)).as(K8S.relativize(k) + " -> " + ref).exists();
            }
        }
    }

    @Test
    void baseIsTheChartRenderedWithTheBaseValues() throws IOException {
        String expected = BASE_HEADER + toKustomizeBase(Chart.renderExactly(Chart.SOURCE, Map.of(), "kustomize-base-values.yaml"));
        if (Boolean.getBoolean("k8s.regenerate")) {
            Files.writeString(BASE, expected, StandardCharsets.UTF_8);
        }

        assertThat(BASE).exists();
        assertThat(Files.readString(BASE, StandardCharsets.UTF_8))
                .as("deploy/k8s/base is stale; regenerate with -Dk8s.regenerate=true").isEqualTo(expected);
    }

    @Test
    void basePodsAndExamplePodsMeetTheRestrictedPodSecurityStandard() throws IOException {
        Manifests base = Manifests.parse(Files.readString(BASE));
        Manifests minio = Manifests.parse(Files.readString(K8S.resolve("examples/minio/minio.yaml")));

        assertThat(base.podSpecs()).hasSize(4);
        assertThat(PodSecurity.violations(base)).isEmpty();
        assertThat(base.ofKind("NetworkPolicy")).hasSize(4);
        assertThat(minio.podSpecs()).hasSize(1);
        assertThat(PodSecurity.violations(minio)).isEmpty();
        assertThat(base.text).doesNotContain("helm.sh/chart").doesNotContain("managed-by: Helm").doesNotContain("checksum/");
        assertThat(base.ofKind("ConfigMap")).isEmpty();
    }

    @Test
    void minioExampleAdmitsBothServicesThatWriteToTheArchive() throws IOException {
        Manifests minio = Manifests.parse(Files.readString(K8S.resolve("examples/minio/minio.yaml")));

        // The storer (media, posts, provenance), the collector (fetch WARCs) and the capturer (pages); nothing else.
        JsonNode ingress = minio.get("NetworkPolicy", "minio").path("spec").path("ingress");
        assertThat(ingress.size()).isEqualTo(1);
        assertThat(ingress.get(0).path("from").findValuesAsText("app.kubernetes.io/component")).containsExactlyInAnyOrder("storer", "collector", "capturer");
        assertThat(ingress.get(0).path("from").findValues("namespaceSelector")).isEmpty();
    }

    @Test
    void strimziTopicsAreThePipelineTopicsWithCompactedCursors() throws IOException {
        Manifests topics = Manifests.parse(Files.readString(K8S.resolve("examples/strimzi/topics.yaml")));

        assertThat(topics.ofKind("KafkaTopic").stream().map(t -> t.path("spec").path("topicName").asText()))
                .containsExactlyInAnyOrderElementsOf(ChartRenderTest.TOPICS);
        JsonNode cursors = topics.get("KafkaTopic", "collector-cursors");
        assertThat(cursors.path("spec").path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        Manifests kafka = Manifests.parse(Files.readString(K8S.resolve("examples/strimzi/kafka.yaml")));
        assertThat(kafka.get("Kafka", "evidence").path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.get("KafkaNodePool", "dual-role").path("spec").path("roles").toString()).contains("controller", "broker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayBuildsWithKubectlKustomizeIntoItsNamespaceWithSecuredKafka(String overlay) throws Exception {
        Manifests m = kustomize(K8S.resolve("overlays/" + overlay));
        String namespace = overlay.equals("prod") ? "evidence" : "evidence-dev";

        assertThat(m.docs).allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText()).as(Manifests.id(d)).isEqualTo(namespace));
        assertThat(PodSecurity.violations(m)).isEmpty();
        for (String c : Chart.COMPONENTS) {
            JsonNode container = m.container(Chart.name(c));
            assertThat(Manifests.env(container, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_SSL");
            assertThat(Manifests.env(container, "KAFKA_BOOTSTRAP_SERVERS").path("value").asText()).endsWith(":9093");
            assertThat(Manifests.env(container, "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef").path("name").asText())
                    .isEqualTo("evidence-pipeline");
            assertThat(ChartRenderTest.mountedSecretFile(m.get("Deployment", Chart.name(c)), container,
                    Manifests.env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").path("value").asText()))
                    .isEqualTo("evidence-cluster-ca-cert/ca.crt");
        }
        JsonNode collector = m.get("Deployment", Chart.name("collector"));
        String configMap = collector.path("spec").path("template").path("spec").path("volumes").findValue("configMap").path("name").asText();
        assertThat(configMap).startsWith("evidence-pipeline-collections");
        assertThat(m.find("ConfigMap", configMap)).as("collector's ConfigMap exists under its generated name").isPresent();
        assertThat(collector.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(CredentialsTest.literals(m.text)).isEmpty();
    }

    @Test
    void prodOverlayLimitsKafkaEgressToTheStrimziBrokersAndScalesConsumers() throws Exception {
        Manifests m = kustomize(K8S.resolve("overlays/prod"));

        for (String c : Chart.COMPONENTS) {
            JsonNode kafkaRule = m.get("NetworkPolicy", Chart.name(c)).path("spec").path("egress").get(1);
            assertThat(kafkaRule.path("to").get(0).path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText()).isEqualTo("kafka");
            assertThat(kafkaRule.path("ports").findValuesAsText("port")).containsExactly("9093");
        }
        assertThat(m.get("Deployment", Chart.name("enricher")).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(Manifests.env(m.container(Chart.name("storer")), "STORER_S3_ENDPOINT").path("value").asText()).startsWith("https://");
        // The collector's fetch WARCs and the capturer's pages go to the same archive as the storer's objects.
        for (String setting : List.of("ENDPOINT", "REGION")) {
            assertThat(Manifests.env(m.container(Chart.name("capturer")), "CAPTURER_S3_" + setting).path("value").asText())
                    .isEqualTo(Manifests.env(m.container(Chart.name("storer")), "STORER_S3_" + setting).path("value").asText());
            assertThat(Manifests.env(m.container(Chart.name("collector")), "COLLECTOR_EVIDENCE_" + setting).path("value").asText())
                    .isEqualTo(Manifests.env(m.container(Chart.name("storer")), "STORER_S3_" + setting).path("value").asText());
        }
        assertThat(m.ofKind("Kafka")).isEmpty();
    }

    /**
     * The chart's output as plain kustomize input: no Helm source comments or Helm ownership labels, and no
     * collections ConfigMap or checksum annotation: base/kustomization.yaml generates that ConfigMap, so its
     * name carries a content hash and an overlay that replaces the collections rolls the collector.
     */
    static String toKustomizeBase(String rendered) {
        return Stream.of(rendered.split("(?m)^---\\n"))
                .filter(doc -> !doc.isBlank())
                .filter(doc -> !doc.contains("\nkind: ConfigMap\n"))
                .map(doc -> doc.lines()
                        .filter(l -> !l.startsWith("# Source: "))
                        .filter(l -> !l.trim().startsWith("helm.sh/chart: "))
                        .filter(l -> !l.trim().startsWith("checksum/collections: "))
                        .map(l -> l.replace("app.kubernetes.io/managed-by: Helm", "app.kubernetes.io/managed-by: kustomize"))
                        .map(String::stripTrailing)
                        .collect(Collectors.joining("\n", "", "\n")))
                .collect(Collectors.joining("---\n"));
    }

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().collect(Collectors.toList());
        }
    }

    /** Files that kustomizations' configMapGenerators read. */
    static List<Path> generatorInputs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path k : yamlFiles()) {
            if (k.getFileName().toString().equals("kustomization.yaml")) {
                JsonNode doc = Manifests.parse(Files.readString(k)).docs.get(0);
                doc.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> out.add(k.getParent().resolve(f.asText()).normalize())));
            }
        }
        return out;
    }

    /** `kubectl kustomize` of a directory; the test is skipped where kubectl is not installed. */
    static Manifests kustomize(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
        return Manifests.parse(new String(out, StandardCharsets.UTF_8));
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
