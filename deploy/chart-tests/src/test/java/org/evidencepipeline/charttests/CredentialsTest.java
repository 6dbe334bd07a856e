package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Credentials only ever come from existing Secrets: the chart renders references, never values. */
class CredentialsTest {
    static final Pattern CREDENTIAL_ENV = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|JAAS|ACCESS_KEY|CREDENTIAL).*");
    /** Literal credentials: key=value or key: value with a value that is not a $VAR / %s reference. */
    static final Pattern CREDENTIAL_LITERAL = Pattern.compile(
            "(?i)(?<![a-z0-9])(password|passwd|secret[_-]?key|access[_-]?key|jaas\\.config|token)[ \\t]*[=:][ \\t]*(?![$%\\s{}\"'-])[^\\s]+"
                    + "|PRIVATE\\+KEY\\+|LoginModule\\s+required|-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|minioadmin");

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.evidencepipeline.charttests.ValueSets#all")
    void credentialEnvVarsComeFromSecretKeyRefs(String valueSet) {
        Manifests m = ValueSets.render(valueSet);
        List<String> checked = new ArrayList<>();

        for (Map.Entry<String, JsonNode> pod : m.podSpecs().entrySet()) {
            for (JsonNode c : pod.getValue().path("containers")) {
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asText();
                    if (name.endsWith("_TOKEN_FILE") || name.equals("STORER_LEDGER_SIGNER_KEY_FILE")) {
                        // Not a credential but where one is: a file of a read-only Secret volume of this pod.
                        checked.add(name);
                        assertThat(secretFile(pod.getValue(), c, env.path("value").asText())).as(pod.getKey() + " " + name
                                + " names a file of a mounted Secret").isTrue();
                    } else if (CREDENTIAL_ENV.matcher(name).matches()) {
                        checked.add(name);
                        assertThat(env.has("value")).as(pod.getKey() + " " + name + " has a literal value").isFalse();
                        assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText())
                                .as(pod.getKey() + " " + name + " from a Secret").isNotBlank();
                    }
                }
            }
        }
        if (valueSet.contains("storer-disabled")) {
            assertThat(checked).doesNotContain("STORER_S3_ACCESS_KEY", "STORER_S3_SECRET_KEY");
        } else {
            assertThat(checked).contains("STORER_S3_ACCESS_KEY", "STORER_S3_SECRET_KEY");
        }
        // The collector writes fetch WARCs to the archive in every value set: its S3 key is checked as well.
        assertThat(checked).contains("COLLECTOR_EVIDENCE_ACCESS_KEY", "COLLECTOR_EVIDENCE_SECRET_KEY");
    }

    private static boolean secretFile(JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("readOnly").asBoolean() && path.startsWith(mount.path("mountPath").asText() + "/")) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.evidencepipeline.charttests.ValueSets#all")
    void noCredentialLiteralAnywhereInRenderedOutput(String valueSet) {
        Manifests m = ValueSets.render(valueSet);

        assertThat(m.ofKind("Secret")).as("the chart never creates Secrets").isEmpty();
        assertThat(literals(m.text)).isEmpty();
    }

    @Test
    void saslAndTruststorePasswordsAreSecretReferencesInServicesAndTopicJob() {
        Manifests m = Chart.render("values/kafka-tls-sasl.yaml");

        for (String pod : List.of("Deployment/evidence-pipeline-enricher", "Job/evidence-pipeline-topics")) {
            JsonNode c = m.podSpecs().get(pod).path("containers").get(0);
            assertThat(Manifests.env(c, "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef").path("name").asText())
                    .isEqualTo("evidence-pipeline-kafka-user");
            assertThat(Manifests.env(c, "KAFKA_SSL_TRUSTSTORE_PASSWORD").path("valueFrom").path("secretKeyRef").path("key").asText())
                    .isEqualTo("ca.password");
        }
    }

    @Test
    void literalDetectorFindsPlantedCredentials() {
        // The scanner above must not be blind: each planted literal is found, each reference is not.
        assertThat(literals("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";")).isNotEmpty();
        assertThat(literals("  password: hunter2")).isNotEmpty();
        assertThat(literals("STORER_S3_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE")).isNotEmpty();
        assertThat(literals("value: PRIVATE+KEY+evidence.example.org/ledger+1a2b3c4d+AbCd")).as("a ledger signer key").isNotEmpty();
        assertThat(literals("value: evidence.example.org/ledger+1a2b3c4d+AbCd")).as("a public verifier key").isEmpty();
        assertThat(literals("echo \"ssl.truststore.password=${KAFKA_SSL_TRUSTSTORE_PASSWORD}\"")).isEmpty();
        assertThat(literals("printf 'sasl.jaas.config=%s\\n'")).isEmpty();
    }

    @Test
    void defaultValuesHoldNoCredential() throws IOException {
        String values = Files.readString(Chart.SOURCE.resolve("values.yaml"));

        assertThat(literals(values)).isEmpty();
    }

    static List<String> literals(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = CREDENTIAL_LITERAL.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
