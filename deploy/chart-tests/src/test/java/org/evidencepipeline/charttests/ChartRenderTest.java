package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the chart renders, value set by value set. */
class ChartRenderTest {
    static final List<String> TOPICS = List.of("posts.collected.v1", "posts.enriched.v1", "posts.archived.v1", "posts.deleted.v1",
            "collector.cursors.v1", "dead-letter.collector.v1", "dead-letter.enricher.v1", "dead-letter.storer.v1",
            "pages.requested.v1", "pages.archived.v1", "dead-letter.capturer.v1",
            "videos.requested.v1", "videos.archived.v1", "ledger.entries.v1");

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.evidencepipeline.charttests.ValueSets#all")
    void everyValueSetRendersValidYamlWithApiVersionAndKind(String valueSet) {
        Manifests m = ValueSets.render(valueSet);

        assertThat(m.docs).isNotEmpty().allSatisfy(d -> {
            assertThat(d.path("apiVersion").asText()).isNotBlank();
            assertThat(d.path("kind").asText()).isNotBlank();
            assertThat(d.path("metadata").path("name").asText()).hasSizeLessThanOrEqualTo(63);
        });
    }

    @Test
    void defaultsDeployTheThreeServicesWithServicesPdbsAndPolicies() {
        Manifests m = Chart.render();

        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy")) {
            assertThat(NetworkPolicyTest.names(m.ofKind(kind))).as(kind)
                    .containsAll(Chart.COMPONENTS.stream().map(Chart::name).collect(Collectors.toList()));
        }
        assertThat(m.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.ofKind("ScaledObject")).isEmpty();
        assertThat(m.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void servicesPdbsAndServicePortsMatchTheirPods() {
        Manifests m = Chart.render();

        for (String c : Chart.COMPONENTS) {
            var podLabels = Manifests.labels(m.get("Deployment", Chart.name(c)).path("spec").path("template").path("metadata").path("labels"));
            JsonNode service = m.get("Service", Chart.name(c));
            assertThat(podLabels).containsAllEntriesOf(Manifests.labels(service.path("spec").path("selector")));
            assertThat(podLabels).containsAllEntriesOf(Manifests.labels(m.get("PodDisruptionBudget", Chart.name(c)).path("spec").path("selector").path("matchLabels")));
            assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
            JsonNode container = m.container(Chart.name(c));
            assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
            assertThat(container.path("ports").get(0).path("containerPort").asInt())
                    .isEqualTo(Integer.parseInt(Manifests.env(container, "QUARKUS_HTTP_PORT").path("value").asText()));
        }
    }

    @Test
    void probesUseQuarkusHealthEndpoints() {
        Manifests m = Chart.render();

        for (String c : Chart.COMPONENTS) {
            JsonNode container = m.container(Chart.name(c));
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as(c + " " + probe).isEqualTo("http");
                assertThat(container.path(probe).path("periodSeconds").asInt()).as(c + " " + probe).isPositive();
            }
        }
    }

    @Test
    void enricherGetsLongerStartupForLanguageModelsAndKeepsTheOtherProbeDefaults() {
        Manifests m = Chart.render();

        JsonNode enricher = m.container(Chart.name("enricher")).path("startupProbe");
        JsonNode storer = m.container(Chart.name("storer")).path("startupProbe");
        assertThat(enricher.path("failureThreshold").asInt()).isEqualTo(60);
        assertThat(storer.path("failureThreshold").asInt()).isEqualTo(36);
        assertThat(enricher.path("periodSeconds").asInt()).isEqualTo(storer.path("periodSeconds").asInt());
    }

    @Test
    void heapIsAPercentageOfTheMemoryLimit() {
        Manifests m = Chart.render(Map.of("jvm.maxRAMPercentage", 70));

        for (String c : Chart.COMPONENTS) {
            JsonNode container = m.container(Chart.name(c));
            // The capturer's image runs plain java (JAVA_TOOL_OPTIONS) and its heap has its own share (below).
            String opts = Manifests.env(container, c.equals("capturer") ? "JAVA_TOOL_OPTIONS" : "JAVA_OPTS_APPEND").path("value").asText();
            assertThat(opts).as(c).contains("-XX:MaxRAMPercentage=" + (c.equals("capturer") ? 25 : 70)).doesNotContain("-Xmx");
            assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();
        }
    }

    @Test
    void everyJvmRunsWithTheMeasuredMemoryOptionsAndTwoMallocArenas() {
        Manifests m = Chart.render(Map.of());

        for (String c : Chart.COMPONENTS) {
            JsonNode container = m.container(Chart.name(c));
            String opts = Manifests.env(container, c.equals("capturer") ? "JAVA_TOOL_OPTIONS" : "JAVA_OPTS_APPEND").path("value").asText();
            // the same as the local runtime's ServiceProcess.JVM_OPTIONS (BENCHMARKS.md, "Memory")
            assertThat(opts).as(c).contains("-XX:+UseSerialGC", "-Xms32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                    "-Djdk.nio.maxCachedBufferSize=262144", "-XX:+ExitOnOutOfMemoryError");
            // C1 only, but for the storer, the bottleneck, which keeps the tiered JIT (LocalPipeline.Settings.defaultJvmOptions)
            if (c.equals("storer")) {
                assertThat(opts).as(c).doesNotContain("TieredStopAtLevel");
            } else {
                assertThat(opts).as(c).endsWith("-XX:TieredStopAtLevel=1");
            }
            assertThat(Manifests.env(container, "MALLOC_ARENA_MAX").path("value").asText()).as(c).isEqualTo("2");
        }
    }

    @Test
    void kafkaTlsAndSaslSettingsReachEveryServiceFromSecrets() {
        Manifests m = Chart.render("values/kafka-tls-sasl.yaml");

        for (String c : Chart.COMPONENTS) {
            String deployment = Chart.name(c);
            JsonNode container = m.container(deployment);
            assertThat(Manifests.env(container, "KAFKA_BOOTSTRAP_SERVERS").path("value").asText()).isEqualTo("evidence-kafka-bootstrap.kafka.svc:9093");
            assertThat(Manifests.env(container, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_SSL");
            assertThat(Manifests.env(container, "KAFKA_SASL_MECHANISM").path("value").asText()).isEqualTo("SCRAM-SHA-512");
            JsonNode jaas = Manifests.env(container, "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef");
            assertThat(jaas.path("name").asText()).isEqualTo("evidence-pipeline-kafka-user");
            assertThat(jaas.path("key").asText()).isEqualTo("sasl.jaas.config");
            assertThat(Manifests.env(container, "KAFKA_SSL_TRUSTSTORE_TYPE").path("value").asText()).isEqualTo("PKCS12");
            String location = Manifests.env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").path("value").asText();
            assertThat(location).isEqualTo("/etc/kafka/truststore/ca.p12");
            assertThat(mountedSecretFile(m.get("Deployment", deployment), container, location))
                    .isEqualTo("evidence-cluster-ca-cert/ca.p12");
        }
    }

    @Test
    void mutualTlsMountsTheClientKeystoreAndSkipsSasl() {
        Manifests m = Chart.render("values/kafka-mtls.yaml");
        JsonNode container = m.container(Chart.name("storer"));

        assertThat(Manifests.env(container, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SSL");
        assertThat(Manifests.envNames(container)).doesNotContain("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SASL_MECHANISM", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
        assertThat(mountedSecretFile(m.get("Deployment", Chart.name("storer")), container,
                Manifests.env(container, "KAFKA_SSL_KEYSTORE_LOCATION").path("value").asText()))
                .isEqualTo("evidence-pipeline-tls-user/user.p12");
        assertThat(Manifests.env(container, "KAFKA_SSL_KEYSTORE_PASSWORD").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("user.password");
        assertThat(Manifests.env(container, "KAFKA_SSL_TRUSTSTORE_TYPE").path("value").asText()).isEqualTo("PEM");
    }

    @Test
    void plaintextKafkaSetsNoTlsOrSaslSettings() {
        JsonNode container = Chart.render().container(Chart.name("enricher"));

        assertThat(Manifests.envNames(container)).filteredOn(n -> n.startsWith("KAFKA_"))
                .containsExactly("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL");
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).containsExactly("/tmp",
                "/var/run/secrets/evidence-pipeline/api-admin", "/var/run/secrets/evidence-pipeline/api-reader");
    }

    @Test
    void tracesGoToTheConfiguredCollectorOrNowhere() {
        Manifests off = Chart.render();
        Manifests on = Chart.render("values/tracing.yaml");

        for (String c : Chart.COMPONENTS) {
            assertThat(Manifests.env(off.container(Chart.name(c)), "QUARKUS_OTEL_TRACES_SAMPLER_ARG").path("value").asText()).isEqualTo("0");
            assertThat(Manifests.env(on.container(Chart.name(c)), "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").path("value").asText())
                    .isEqualTo("http://otel-collector.observability:4317");
            assertThat(Manifests.envNames(on.container(Chart.name(c)))).doesNotContain("QUARKUS_OTEL_TRACES_SAMPLER_ARG");
            assertThat(NetworkPolicyTest.egressPorts(on.get("NetworkPolicy", Chart.name(c)))).contains(4317);
            assertThat(NetworkPolicyTest.egressPorts(off.get("NetworkPolicy", Chart.name(c)))).doesNotContain(4317);
        }
    }

    @Test
    void storerGetsS3EndpointBucketAndCredentialSecret() {
        Manifests m = Chart.render("values/kafka-tls-sasl.yaml");
        JsonNode storer = m.container(Chart.name("storer"));

        assertThat(Manifests.env(storer, "STORER_S3_ENDPOINT").path("value").asText()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        assertThat(Manifests.env(storer, "STORER_S3_BUCKET").path("value").asText()).isEqualTo("evidence-archive-prod");
        assertThat(Manifests.env(storer, "STORER_S3_REGION").path("value").asText()).isEqualTo("eu-central-1");
        assertThat(Manifests.env(storer, "STORER_S3_ACCESS_KEY").path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(Manifests.env(storer, "STORER_S3_SECRET_KEY").path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("archive-writer");
        assertThat(Manifests.envNames(m.container(Chart.name("enricher")))).noneMatch(n -> n.startsWith("STORER_"));
    }

    @Test
    void collectorGetsTheStorersArchiveEndpointBucketAndS3Secret() {
        // kafka-tls-sasl.yaml names production S3 values (and disables the storer, switched back on here to compare)
        Manifests m = Chart.render(Map.of("components.storer.enabled", true), "values/kafka-tls-sasl.yaml");
        JsonNode collector = m.container(Chart.name("collector"));
        JsonNode storer = m.container(Chart.name("storer"));

        assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_ENDPOINT").path("value").asText()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_BUCKET").path("value").asText()).isEqualTo("evidence-archive-prod");
        assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_REGION").path("value").asText()).isEqualTo("eu-central-1");
        // Same values as the storer's, so fetch WARCs land in the bucket the storer and verify read.
        for (String setting : List.of("ENDPOINT", "BUCKET", "REGION")) {
            assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_" + setting).path("value").asText()).as(setting)
                    .isNotBlank().isEqualTo(Manifests.env(storer, "STORER_S3_" + setting).path("value").asText());
        }
        for (String key : List.of("ACCESS_KEY", "SECRET_KEY")) {
            JsonNode ref = Manifests.env(collector, "COLLECTOR_EVIDENCE_" + key).path("valueFrom").path("secretKeyRef");
            assertThat(ref).as(key).isEqualTo(Manifests.env(storer, "STORER_S3_" + key).path("valueFrom").path("secretKeyRef"));
            assertThat(ref.path("name").asText()).isEqualTo("archive-writer");
        }
        assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_ACCESS_KEY").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(Manifests.envNames(collector)).noneMatch(n -> n.startsWith("STORER_"));
        assertThat(Manifests.envNames(m.container(Chart.name("enricher")))).noneMatch(n -> n.startsWith("COLLECTOR_EVIDENCE_"));
        assertThat(Manifests.envNames(storer)).noneMatch(n -> n.startsWith("COLLECTOR_"));
    }

    @Test
    void collectorUsesItsOwnEvidenceSecretWhenOneIsNamed() {
        Manifests m = Chart.render("values/collector-evidence-secret.yaml");
        JsonNode collector = m.container(Chart.name("collector"));

        JsonNode access = Manifests.env(collector, "COLLECTOR_EVIDENCE_ACCESS_KEY").path("valueFrom").path("secretKeyRef");
        JsonNode secret = Manifests.env(collector, "COLLECTOR_EVIDENCE_SECRET_KEY").path("valueFrom").path("secretKeyRef");
        assertThat(access.path("name").asText()).isEqualTo("collector-fetch-writer");
        assertThat(access.path("key").asText()).isEqualTo("fetch-access-key");
        assertThat(secret.path("name").asText()).isEqualTo("collector-fetch-writer");
        assertThat(secret.path("key").asText()).isEqualTo("fetch-secret-key");
        assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_ENDPOINT").path("value").asText()).isEqualTo("http://minio.storage.svc:9000");
        assertThat(Manifests.env(collector, "COLLECTOR_EVIDENCE_BUCKET").path("value").asText()).isEqualTo("evidence-archive-test");
        // The storer keeps its own key.
        assertThat(Manifests.env(m.container(Chart.name("storer")), "STORER_S3_ACCESS_KEY").path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("evidence-pipeline-s3");
    }

    @Test
    void notesNameTheSecretTheCollectorWritesFetchWarcsWith() {
        assertThat(Chart.notes()).contains("the collector keeps each fetch that yields a new post there as a WARC (fetches/), "
                + "credentials from Secret evidence-pipeline-s3\n");
        assertThat(Chart.notes("values/collector-evidence-secret.yaml"))
                .contains("bucket evidence-archive-test, credentials from Secret evidence-pipeline-s3\n")
                .contains("as a WARC (fetches/), credentials from Secret collector-fetch-writer\n");
    }

    @Test
    void jsonLogsAreSwitchedOnForEveryServiceOnlyWhenAsked() {
        Manifests json = Chart.render("values/service-monitor.yaml");
        Manifests text = Chart.render();

        for (String c : Chart.COMPONENTS) {
            assertThat(Manifests.env(json.container(Chart.name(c)), "QUARKUS_LOG_CONSOLE_JSON_ENABLED").path("value").asText()).isEqualTo("true");
            assertThat(Manifests.envNames(text.container(Chart.name(c)))).doesNotContain("QUARKUS_LOG_CONSOLE_JSON_ENABLED");
        }
    }

    @Test
    void renderingWithoutApiSecretsOrTheInsecureFlagFailsAndSaysWhatToSet() {
        for (Path chart : List.of(Chart.SOURCE, Chart.withoutSchema())) {
            assertThat(Chart.renderFailureExactly(chart, Map.of()))
                    .contains("closed by default", "api.adminTokenSecret.name", "api.readerTokenSecret.name", "api.insecureNoAuth=true");
            assertThat(Chart.renderFailureExactly(chart, Map.of("api.adminTokenSecret.name", "only-admin")))
                    .as("one role's Secret is not enough").contains("closed by default");
            assertThat(Chart.renderFailureExactly(chart, Map.of("api.readerTokenSecret.name", "only-reader")))
                    .contains("closed by default");
        }
    }

    @Test
    void bothRolesFromOneSecretKeyOrTheInsecureFlagBesideSecretsAreRefused() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "values/kafka-tls-sasl.yaml", "invalid-values/api-one-key-for-both-roles.yaml"))
                .contains("each role needs its own token");
        assertThat(Chart.renderFailureExactly(Chart.SOURCE, Map.of("api.insecureNoAuth", true), Chart.API_SECRETS))
                .contains("api.insecureNoAuth=true disables the API tokens");
    }

    @Test
    void theRemovedSingleTokenSecretIsRefusedWithItsReplacementsNamed() {
        assertThat(Chart.renderFailure(Chart.withoutSchema(), "invalid-values/api-single-token-secret.yaml"))
                .contains("api.tokenSecret", "replaced by api.adminTokenSecret and api.readerTokenSecret");
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/api-single-token-secret.yaml")).contains("tokenSecret");
    }

    @Test
    void eachRoleTokenIsMountedReadOnlyFromItsSecretAsAFileInEveryService() {
        Manifests m = Chart.render("values/kafka-tls-sasl.yaml");

        for (String c : Chart.COMPONENTS) {
            JsonNode container = m.container(Chart.name(c));
            JsonNode pod = m.get("Deployment", Chart.name(c)).path("spec").path("template").path("spec");
            for (String role : List.of("admin", "reader")) {
                String dir = "/var/run/secrets/evidence-pipeline/api-" + role;
                assertThat(Manifests.env(container, "PIPELINE_API_" + role.toUpperCase() + "_TOKEN_FILE").path("value").asText())
                        .isEqualTo(dir + "/token");
                JsonNode mount = find(container.path("volumeMounts"), "api-" + role + "-token");
                assertThat(mount.path("mountPath").asText()).isEqualTo(dir);
                assertThat(mount.path("readOnly").asBoolean()).isTrue();
                JsonNode secret = find(pod.path("volumes"), "api-" + role + "-token").path("secret");
                assertThat(secret.path("secretName").asText()).isEqualTo("evidence-pipeline-api");
                assertThat(secret.path("items").get(0).path("key").asText()).isEqualTo(role);
                assertThat(secret.path("items").get(0).path("path").asText()).isEqualTo("token");
            }
            // The tokens never pass through the environment, and the removed single token is not set.
            assertThat(Manifests.envNames(container)).doesNotContain("PIPELINE_API_ADMIN_TOKEN", "PIPELINE_API_READER_TOKEN",
                    "PIPELINE_API_TOKEN", "PIPELINE_API_AUTH");
        }
        assertThat(Chart.notes("values/kafka-tls-sasl.yaml")).doesNotContain("insecureNoAuth")
                .contains("get secret evidence-pipeline-api -o jsonpath='{.data.admin}'")
                .contains("get secret evidence-pipeline-api -o jsonpath='{.data.reader}'")
                .contains("Authorization: Bearer $ADMIN");
    }

    @Test
    void insecureNoAuthRendersOpenServicesAndWarns() {
        Manifests m = Chart.render("values/api-insecure.yaml");

        for (String c : Chart.COMPONENTS) {
            JsonNode container = m.container(Chart.name(c));
            assertThat(Manifests.env(container, "PIPELINE_API_AUTH").path("value").asText()).isEqualTo("none");
            assertThat(Manifests.envNames(container)).doesNotContain("PIPELINE_API_ADMIN_TOKEN_FILE", "PIPELINE_API_READER_TOKEN_FILE");
            assertThat(container.path("volumeMounts").toString()).doesNotContain("api-admin-token");
        }
        assertThat(Chart.notes("values/api-insecure.yaml")).contains("WARNING: api.insecureNoAuth=true");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    @Test
    void collectorReadsItsCollectionsFromTheConfigMap() throws Exception {
        Manifests m = Chart.render("values/collections.yaml");
        JsonNode deployment = m.get("Deployment", Chart.name("collector"));
        JsonNode container = m.container(Chart.name("collector"));

        String file = Manifests.env(container, "COLLECTOR_COLLECTIONS_FILE").path("value").asText();
        assertThat(mountedConfigMapFile(deployment, container, file)).isEqualTo("evidence-pipeline-collections/collections.yaml");
        JsonNode configMap = m.get("ConfigMap", "evidence-pipeline-collections");
        JsonNode collections = Manifests.YAML.readTree(configMap.path("data").path("collections.yaml").asText()).path("collections");
        JsonNode values = Manifests.YAML.readTree(Chart.resource("values/collections.yaml").toFile()).path("components").path("collector").path("collections");
        assertThat(collections).isEqualTo(values);
        assertThat(collections.get(0).path("keywords").get(0).asText()).isEqualTo("Харків");
        assertThat(collections.get(0).path("capture").path("host-pages-per-minute").asInt()).isEqualTo(4);
        assertThat(Manifests.env(container, "MASTODON_TOKEN").path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("collector-api-tokens");
    }

    @Test
    void changingCollectionsRollsTheCollector() {
        String before = checksum(Chart.render());
        String after = checksum(Chart.render("values/collections.yaml"));

        assertThat(before).isNotBlank();
        assertThat(after).isNotBlank().isNotEqualTo(before);
    }

    @Test
    void collectorIsASingleReplicaReplacedNotRolled() {
        JsonNode spec = Chart.render("values/hpa.yaml").get("Deployment", Chart.name("collector")).path("spec");

        assertThat(spec.path("replicas").asInt()).isEqualTo(1);
        assertThat(spec.path("strategy").path("type").asText()).isEqualTo("Recreate");
    }

    @Test
    void kedaScalesEachConsumerOnItsOwnGroupsLag() {
        Manifests m = Chart.render("values/keda.yaml");

        assertThat(NetworkPolicyTest.names(m.ofKind("ScaledObject"))).containsExactly(Chart.name("capturer"), Chart.name("enricher"), Chart.name("storer"));
        assertThat(m.ofKind("HorizontalPodAutoscaler")).isEmpty();
        Map<String, String> expected = Map.of("enricher", "posts.collected.v1", "storer", "posts.enriched.v1", "capturer", "pages.requested.v1");
        expected.forEach((component, topic) -> {
            JsonNode so = m.get("ScaledObject", Chart.name(component)).path("spec");
            assertThat(so.path("scaleTargetRef").path("name").asText()).isEqualTo(Chart.name(component));
            JsonNode trigger = so.path("triggers").get(0);
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo(component);
            assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo(topic);
            assertThat(trigger.path("metadata").path("bootstrapServers").asText()).isEqualTo("evidence-kafka-bootstrap.kafka.svc:9093");
            assertThat(trigger.path("metadata").path("sasl").asText()).isEqualTo("scram_sha512");
            assertThat(trigger.path("metadata").path("tls").asText()).isEqualTo("enable");
            assertThat(trigger.path("authenticationRef").path("name").asText()).isEqualTo("evidence-kafka-auth");
            assertThat(m.get("Deployment", Chart.name(component)).path("spec").has("replicas"))
                    .as("the autoscaler owns replicas").isFalse();
        });
        assertThat(m.get("ScaledObject", Chart.name("storer")).path("spec").path("minReplicaCount").asInt()).isZero();
    }

    @Test
    void hpaScalesEnricherAndStorerOnCpu() {
        Manifests m = Chart.render("values/hpa.yaml");

        assertThat(NetworkPolicyTest.names(m.ofKind("HorizontalPodAutoscaler"))).containsExactly(Chart.name("enricher"), Chart.name("storer"));
        assertThat(m.ofKind("ScaledObject")).isEmpty();
        JsonNode hpa = m.get("HorizontalPodAutoscaler", Chart.name("enricher")).path("spec");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(Chart.name("enricher"));
        assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(6);
        assertThat(hpa.path("metrics").get(0).path("resource").path("target").path("averageUtilization").asInt()).isEqualTo(70);
        assertThat(m.get("Deployment", Chart.name("enricher")).path("spec").has("replicas")).isFalse();
    }

    @Test
    void serviceMonitorScrapesQuarkusMetricsOfEveryService() {
        Manifests m = Chart.render("values/service-monitor.yaml");

        JsonNode sm = m.get("ServiceMonitor", Chart.RELEASE);
        assertThat(sm.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        JsonNode endpoint = sm.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
        var selector = Manifests.labels(sm.path("spec").path("selector").path("matchLabels"));
        for (String c : Chart.COMPONENTS) {
            assertThat(Manifests.labels(m.get("Service", Chart.name(c)).path("metadata").path("labels"))).containsAllEntriesOf(selector);
        }
    }

    @Test
    void disabledComponentRendersNothingOfItsOwn() {
        Manifests m = Chart.render("values/storer-disabled.yaml");

        assertThat(m.docs).noneMatch(d -> d.path("metadata").path("name").asText().endsWith("-storer"));
        assertThat(m.docs).noneMatch(d -> "storer".equals(d.path("metadata").path("labels").path("app.kubernetes.io/component").asText()));
        assertThat(NetworkPolicyTest.names(m.ofKind("Deployment"))).containsExactly(Chart.name("capturer"), Chart.name("collector"), Chart.name("enricher"));
        assertThat(Chart.notes("values/storer-disabled.yaml")).contains("storer: disabled");
    }

    @Test
    void topicJobIsAPreInstallHookCreatingEveryTopicWithCompactedCursors() {
        Manifests m = Chart.render();
        JsonNode job = m.get("Job", "evidence-pipeline-topics");

        assertThat(job.path("metadata").path("annotations").path(Chart.HOOK_ANNOTATION_PREFIX).asText()).isEqualTo("pre-install,pre-upgrade");
        String script = job.path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText();
        for (String topic : TOPICS) {
            int partitions = topic.equals("collector.cursors.v1") ? 1 : 12;
            assertThat(script).contains("--create --if-not-exists --topic \"" + topic + "\" --partitions " + partitions);
        }
        assertThat(script).contains("--entity-name \"collector.cursors.v1\" --add-config \"cleanup.policy=compact\"");
        assertThat(script).doesNotContain("--replication-factor");
        assertThat(m.find("NetworkPolicy", "evidence-pipeline-topics")).isPresent();
    }

    @Test
    void topicJobCreatesTheEnricherFeedOfEveryDeclaredCollection() {
        String script = Chart.render("values/collections.yaml").get("Job", "evidence-pipeline-topics")
                .path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText();
        String none = Chart.render(Map.of("topics.collectionFeeds", false), "values/collections.yaml").get("Job", "evidence-pipeline-topics")
                .path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText();

        assertThat(script).contains("--topic \"feeds.kharkiv-watch.v1\" --partitions 12", "--topic \"feeds.mastodon-tag.v1\"");
        assertThat(none).doesNotContain("feeds.").contains("posts.collected.v1");
    }

    @Test
    void topicJobUsesTheSameKafkaSecurityAsTheServices() {
        Manifests m = Chart.render(Map.of("topics.replicationFactor", 3), "values/kafka-tls-sasl.yaml");
        JsonNode job = m.podSpecs().get("Job/evidence-pipeline-topics");
        JsonNode container = job.path("containers").get(0);

        assertThat(Manifests.env(container, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_SSL");
        assertThat(mountedSecretFile(job, container, Manifests.env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").path("value").asText()))
                .isEqualTo("evidence-cluster-ca-cert/ca.p12");
        assertThat(container.path("args").get(0).asText()).contains("--replication-factor 3").contains("--command-config");
    }

    @Test
    void noTopicJobWhenTopicsAreManagedElsewhere() {
        Manifests m = Chart.render("values/hardened-network.yaml");

        assertThat(m.ofKind("Job")).isEmpty();
        assertThat(m.find("NetworkPolicy", "evidence-pipeline-topics")).isEmpty();
    }

    @Test
    void helmTestPodsCurlEachReadinessEndpointThroughItsService() {
        Manifests m = Chart.render();

        for (String c : Chart.COMPONENTS) {
            JsonNode pod = m.get("Pod", "evidence-pipeline-test-" + c);
            assertThat(pod.path("metadata").path("annotations").path(Chart.HOOK_ANNOTATION_PREFIX).asText()).isEqualTo("test");
            List<String> args = Manifests.texts(pod.path("spec").path("containers").get(0).path("args"));
            assertThat(args).contains("--fail").last().isEqualTo("http://" + Chart.name(c) + ":8080/q/health/ready");
            assertThat(m.get("Service", Chart.name(c)).path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        }
    }

    @Test
    void notesTellHowToCheckTheReleaseAndWarnAboutPlaintextKafka() {
        String plaintext = Chart.notes();
        String secured = Chart.notes("values/kafka-tls-sasl.yaml");

        assertThat(plaintext).contains("helm test evidence-pipeline -n pipeline").contains("WARNING: Kafka traffic is PLAINTEXT")
                .contains("components.collector.collections is empty");
        assertThat(secured).contains("helm test evidence-pipeline").doesNotContain("PLAINTEXT");
    }

    private static String checksum(Manifests m) {
        return m.get("Deployment", Chart.name("collector")).path("spec").path("template").path("metadata")
                .path("annotations").path("checksum/collections").asText();
    }

    /** "secretName/key" of the Secret item mounted at {@code path} in the container, or "" if none. */
    static String mountedSecretFile(JsonNode workloadOrPod, JsonNode container, String path) {
        return mountedFile(workloadOrPod, container, path, "secret", "secretName");
    }

    static String mountedConfigMapFile(JsonNode workloadOrPod, JsonNode container, String path) {
        return mountedFile(workloadOrPod, container, path, "configMap", "name");
    }

    private static String mountedFile(JsonNode workloadOrPod, JsonNode container, String path, String type, String nameField) {
        JsonNode pod = workloadOrPod.has("containers") ? workloadOrPod : workloadOrPod.path("spec").path("template").path("spec");
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (path.startsWith(dir + "/")) {
                String file = path.substring(dir.length() + 1);
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(mount.path("name").asText()) && v.has(type)) {
                        JsonNode source = v.path(type);
                        if (!source.has("items")) {
                            return source.path(nameField).asText() + "/" + file;
                        }
                        for (JsonNode item : source.path("items")) {
                            if (item.path("path").asText().equals(file)) {
                                return source.path(nameField).asText() + "/" + item.path("key").asText();
                            }
                        }
                    }
                }
            }
        }
        return "";
    }
}
