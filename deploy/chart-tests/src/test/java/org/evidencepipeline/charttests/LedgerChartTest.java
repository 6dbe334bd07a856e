package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The custody ledger's settings in the storer, the signer key and the pinned TSA certificate as files from existing
 * Secrets and ConfigMaps, S3 Object Lock retention, and the chart's production values (values-production.yaml), which
 * refuse to render without any of them.
 */
class LedgerChartTest {
    static final String SIGNER_DIR = "/var/run/secrets/evidence-pipeline/ledger-signer";
    static final String TSA_DIR = "/etc/evidence-pipeline/tsa";

    private static String value(JsonNode container, String env) {
        return Manifests.env(container, env).path("value").asText();
    }

    @Test
    void ledgerDefaultsReachTheStorerAndNoOtherService() {
        Manifests m = Chart.render();
        JsonNode storer = m.container(Chart.name("storer"));

        assertThat(value(storer, "STORER_LEDGER_ENABLED")).isEqualTo("true");
        assertThat(value(storer, "STORER_LEDGER_ORIGIN")).isEqualTo("evidence-pipeline.local/ledger");
        assertThat(value(storer, "STORER_LEDGER_CHECKPOINT_EVERY")).isEqualTo("256");
        assertThat(value(storer, "STORER_LEDGER_CHECKPOINT_INTERVAL")).isEqualTo("10s");
        assertThat(value(storer, "STORER_LEDGER_BATCH_MAX")).isEqualTo("1000");
        assertThat(value(storer, "STORER_LEDGER_DEDUP_WINDOW")).isEqualTo("65536");
        assertThat(value(storer, "STORER_TIMESTAMP_PER_RECORD")).isEqualTo("false");
        // Without a signer key Secret the storer is told it may run unsigned (it refuses to start otherwise).
        assertThat(value(storer, "STORER_LEDGER_ALLOW_UNSIGNED")).isEqualTo("true");
        // No Secret or TSA named: nothing is mounted or pointed at, and no retention is claimed.
        assertThat(Manifests.envNames(storer)).doesNotContain("STORER_LEDGER_SIGNER_KEY_FILE", "STORER_LEDGER_VERIFIER_KEY",
                "STORER_TIMESTAMP_TSA_URL", "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE", "STORER_S3_RETENTION", "STORER_S3_RETENTION_MODE");
        assertThat(storer.path("volumeMounts").findValuesAsText("mountPath")).doesNotContain(SIGNER_DIR, TSA_DIR);
        for (String c : List.of("collector", "enricher", "capturer")) {
            assertThat(Manifests.envNames(m.container(Chart.name(c)))).as(c).noneMatch(n -> n.startsWith("STORER_"))
                    .noneMatch(n -> n.endsWith("_RETENTION") || n.endsWith("_RETENTION_MODE"));
        }
    }

    @Test
    void everyLedgerAndTimestampSettingIsPassedAsWritten() {
        Manifests m = Chart.render("values/ledger.yaml");
        JsonNode deployment = m.get("Deployment", Chart.name("storer"));
        JsonNode storer = m.container(Chart.name("storer"));

        assertThat(value(storer, "STORER_LEDGER_ORIGIN")).isEqualTo("evidence.example.org/ledger");
        assertThat(value(storer, "STORER_LEDGER_CHECKPOINT_EVERY")).isEqualTo("64");
        assertThat(value(storer, "STORER_LEDGER_CHECKPOINT_INTERVAL")).isEqualTo("2s");
        assertThat(value(storer, "STORER_LEDGER_BATCH_MAX")).isEqualTo("200");
        assertThat(value(storer, "STORER_LEDGER_DEDUP_WINDOW")).isEqualTo("4096");
        assertThat(value(storer, "STORER_LEDGER_VERIFIER_KEY"))
                .isEqualTo("evidence.example.org/ledger+1a2b3c4d+AeDWmJ3VZJ5vs2MYRE7CczDz8KSsbWFKkOTU6zGPkI0s");
        assertThat(value(storer, "STORER_TIMESTAMP_TSA_URL")).isEqualTo("https://tsa.example.org/tsr");
        assertThat(value(storer, "STORER_TIMESTAMP_PER_RECORD")).isEqualTo("true");
        assertThat(ChartRenderTest.mountedSecretFile(deployment, storer, value(storer, "STORER_LEDGER_SIGNER_KEY_FILE")))
                .isEqualTo("ledger-signer/skey");
        // The pin from a Secret this time (values-production.yaml takes it from a ConfigMap).
        assertThat(ChartRenderTest.mountedSecretFile(deployment, storer, value(storer, "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE")))
                .isEqualTo("tsa-pin/cert.pem");
    }

    @Test
    void productionValuesLockEveryEvidenceWriterInComplianceMode() {
        Manifests m = Chart.renderProduction(Map.of(), "values/production-site.yaml");

        Map<String, String> prefixes = Map.of("storer", "STORER_S3", "collector", "COLLECTOR_EVIDENCE", "capturer", "CAPTURER_S3");
        prefixes.forEach((component, prefix) -> {
            JsonNode container = m.container(Chart.name(component));
            assertThat(value(container, prefix + "_RETENTION")).as(component).isEqualTo("P3650D");
            assertThat(value(container, prefix + "_RETENTION_MODE")).as(component).isEqualTo("COMPLIANCE");
        });
        assertThat(Manifests.envNames(m.container(Chart.name("enricher")))).noneMatch(n -> n.contains("RETENTION"));
    }

    @Test
    void productionValuesMountTheSignerKeyFromItsSecretAsAFileNeverAsAnEnvironmentVariable() {
        Manifests m = Chart.renderProduction(Map.of(), "values/production-site.yaml");
        JsonNode deployment = m.get("Deployment", Chart.name("storer"));
        JsonNode storer = m.container(Chart.name("storer"));

        String file = value(storer, "STORER_LEDGER_SIGNER_KEY_FILE");
        assertThat(file).isEqualTo(SIGNER_DIR + "/signer-key");
        assertThat(Manifests.envNames(storer)).doesNotContain("STORER_LEDGER_ALLOW_UNSIGNED");
        assertThat(ChartRenderTest.mountedSecretFile(deployment, storer, file)).isEqualTo("evidence-pipeline-ledger-signer/signer-key");
        JsonNode mount = named(storer.path("volumeMounts"), "ledger-signer-key");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        JsonNode volume = named(deployment.path("spec").path("template").path("spec").path("volumes"), "ledger-signer-key");
        assertThat(volume.path("secret").path("defaultMode").asInt()).as("0440").isEqualTo(0440);
        // The key's Secret reaches the storer only through that volume: no env var reads it.
        assertThat(storer.path("env").findValues("secretKeyRef")).noneMatch(ref ->
                ref.path("name").asText().equals("evidence-pipeline-ledger-signer"));
        assertThat(value(storer, "STORER_LEDGER_ENABLED")).isEqualTo("true");
        assertThat(value(storer, "STORER_LEDGER_ORIGIN")).isEqualTo("evidence.example.org/ledger");
        for (String c : List.of("collector", "enricher", "capturer")) {
            assertThat(m.get("Deployment", Chart.name(c)).path("spec").path("template").path("spec").path("volumes").toString())
                    .as(c + " gets no signer key").doesNotContain("ledger-signer");
        }
    }

    @Test
    void productionValuesPinTheTsaCertificateFromItsConfigMapAndStampEveryCheckpoint() {
        Manifests m = Chart.renderProduction(Map.of(), "values/production-site.yaml");
        JsonNode deployment = m.get("Deployment", Chart.name("storer"));
        JsonNode storer = m.container(Chart.name("storer"));

        String pin = value(storer, "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE");
        assertThat(pin).isEqualTo(TSA_DIR + "/tsa.pem");
        assertThat(ChartRenderTest.mountedConfigMapFile(deployment, storer, pin)).isEqualTo("evidence-pipeline-tsa/tsa.pem");
        assertThat(named(storer.path("volumeMounts"), "tsa-certificate").path("readOnly").asBoolean()).isTrue();
        assertThat(value(storer, "STORER_TIMESTAMP_TSA_URL")).isEqualTo("https://tsa.example.org/tsr");
        assertThat(value(storer, "STORER_TIMESTAMP_PER_RECORD")).as("one TSA request per checkpoint").isEqualTo("false");
    }

    @Test
    void productionValuesWithoutTheirSiteTsaFailRenderingAndSaySo() {
        for (Path chart : List.of(Chart.SOURCE, Chart.withoutSchema())) {
            assertThat(Chart.renderProductionFailure(chart, Map.of()))
                    .contains("production: true needs", "components.storer.timestamp.tsaUrl")
                    .doesNotContain("s3.retention (", "signerKey.existingSecret");
        }
    }

    @Test
    void productionValuesWithoutTheSignerKeyRetentionComplianceOrThePinFailRenderingNamingEachMissingPiece() {
        String noSigner = Chart.renderProductionFailure(Chart.SOURCE,
                Map.of("components.storer.ledger.signerKey.existingSecret", ""), "values/production-site.yaml");
        assertThat(noSigner).contains("components.storer.ledger.signerKey.existingSecret").doesNotContain("tsaUrl");

        String noRetention = Chart.renderProductionFailure(Chart.SOURCE, Map.of("s3.retention", ""), "values/production-site.yaml");
        assertThat(noRetention).contains("s3.retention (S3 Object Lock retention");

        String governance = Chart.renderProductionFailure(Chart.SOURCE, Map.of("s3.retentionMode", "GOVERNANCE"), "values/production-site.yaml");
        assertThat(governance).contains("s3.retentionMode COMPLIANCE (not GOVERNANCE");

        String noPin = Chart.renderProductionFailure(Chart.SOURCE,
                Map.of("components.storer.timestamp.tsaCertificate.configMap", ""), "values/production-site.yaml");
        assertThat(noPin).contains("components.storer.timestamp.tsaCertificate.configMap or .secret");

        String noLedger = Chart.renderProductionFailure(Chart.SOURCE, Map.of("components.storer.ledger.enabled", false),
                "values/production-site.yaml");
        assertThat(noLedger).contains("components.storer.ledger.enabled=true");

        String all = Chart.renderProductionFailure(Chart.SOURCE, Map.of("components.storer.ledger.signerKey.existingSecret", "",
                "s3.retention", ""));
        assertThat(all).as("every missing piece at once").contains("s3.retention", "signerKey.existingSecret", "tsaUrl");
    }

    @Test
    void theSameSettingsWithoutProductionRenderUnsignedAndUnlocked() {
        // Outside production nothing is required: the tree is kept, checkpoints are unsigned, verify says so.
        Manifests m = Chart.render(Map.of("production", false));

        assertThat(Manifests.envNames(m.container(Chart.name("storer")))).contains("STORER_LEDGER_ENABLED")
                .doesNotContain("STORER_LEDGER_SIGNER_KEY_FILE", "STORER_S3_RETENTION");
    }

    @Test
    void retentionOutsideProductionIsPassedToEveryEvidenceWriterWithItsMode() {
        Manifests m = Chart.render(Map.of("s3.retention", "P30D", "s3.retentionMode", "GOVERNANCE"));

        assertThat(value(m.container(Chart.name("storer")), "STORER_S3_RETENTION")).isEqualTo("P30D");
        assertThat(value(m.container(Chart.name("collector")), "COLLECTOR_EVIDENCE_RETENTION_MODE")).isEqualTo("GOVERNANCE");
        assertThat(value(m.container(Chart.name("capturer")), "CAPTURER_S3_RETENTION_MODE")).isEqualTo("GOVERNANCE");
    }

    @Test
    void aSignerKeyPastedAsTheVerifierKeyIsRefusedBySchemaAndTemplate() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/ledger-signer-key-as-verifier-key.yaml"))
                .contains("at '/components/storer/ledger/verifierKey'");
        assertThat(Chart.renderFailure(Chart.withoutSchema(), "invalid-values/ledger-signer-key-as-verifier-key.yaml"))
                .contains("verifierKey holds a signer (private) key", "signerKey.existingSecret")
                .doesNotContain("PRIVATE+KEY+evidence");
    }

    @Test
    void aTsaCertificateFromBothAConfigMapAndASecretIsRefused() {
        assertThat(Chart.renderFailure(Chart.withoutSchema(), "invalid-values/tsa-certificate-from-configmap-and-secret.yaml"))
                .contains("name a configMap or a secret, not both");
    }

    @Test
    void retentionThatIsNotAWholeNumberOfDaysIsRefusedBySchema() {
        assertThat(Chart.renderFailureExactly(Chart.SOURCE, Map.of("s3.retention", "10y"), Chart.API_SECRETS))
                .contains("at '/s3/retention'");
        assertThat(Chart.renderFailureExactly(Chart.SOURCE, Map.of("s3.retentionMode", "LEGAL_HOLD"), Chart.API_SECRETS))
                .contains("at '/s3/retentionMode'");
    }

    @Test
    void theLedgerTopicIsCreatedWithOnePartitionPerShardLikeTheOthers() {
        String script = Chart.render().get("Job", "evidence-pipeline-topics")
                .path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText();

        assertThat(script).contains("--create --if-not-exists --topic \"ledger.entries.v1\" --partitions 12");
    }

    @Test
    void notesSayWhetherCheckpointsAreSignedAndStampedAndWhetherEvidenceIsLocked() {
        assertThat(Chart.notes()).contains("checkpoints NOT signed (no components.storer.ledger.signerKey.existingSecret)")
                .contains("NOT time-stamped (no components.storer.timestamp.tsaUrl)")
                .contains("Object Lock: off (s3.retention empty)");
        assertThat(Chart.notes("values/ledger.yaml")).contains("origin evidence.example.org/ledger")
                .contains("checkpoints signed with the key in Secret ledger-signer, time-stamped by https://tsa.example.org/tsr");
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }
}
