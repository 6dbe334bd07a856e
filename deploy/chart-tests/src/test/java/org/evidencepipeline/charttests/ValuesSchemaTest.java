package org.evidencepipeline.charttests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** values.schema.json rejects what the chart cannot honour, with a message that points at the offending key. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "unknown-top-level-key.yaml,  '',                                    kafak",
            "unknown-kafka-key.yaml,      '/kafka',                              bootstrapServer",
            "unknown-resources-key.yaml,  '/components/enricher/resources/limits', memroy",
            "unknown-collection-key.yaml, '/components/collector/collections/0',  keyword",
            "s3-credentials-in-values.yaml, '/s3',                               accessKey",
            "collector-evidence-credentials-in-values.yaml, '/components/collector/evidenceCredentialsSecret', secretKey",
    })
    void unknownKeyFailsSchemaValidationNamingTheKeyAndWhereItIs(String file, String path, String key) {
        String message = Chart.renderFailure(Chart.SOURCE, "invalid-values/" + file);

        assertThat(message).contains("values don't meet the specifications of the schema")
                .contains("at '" + path + "'")
                .contains("additional properties '" + key + "' not allowed");
    }

    @Test
    void hpaAndKedaTogetherAreRejectedBySchema() {
        String message = Chart.renderFailure(Chart.SOURCE, "invalid-values/hpa-and-keda.yaml");

        assertThat(message).contains("at '/components/enricher/autoscaling/keda/enabled'").contains("value must be false");
    }

    @Test
    void hpaAndKedaTogetherFailTheTemplateEvenWithoutTheSchema() {
        String message = Chart.renderFailure(Chart.withoutSchema(), "invalid-values/hpa-and-keda.yaml");

        assertThat(message).contains("components.enricher.autoscaling: hpa.enabled and keda.enabled are mutually exclusive");
    }

    @Test
    void saslWithoutJaasSecretIsRejectedBySchemaAndTemplate() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/sasl-without-secret.yaml"))
                .contains("at '/kafka/sasl/jaasConfigSecret'");
        assertThat(Chart.renderFailure(Chart.withoutSchema(), "invalid-values/sasl-without-secret.yaml"))
                .contains("kafka.sasl.jaasConfigSecret: securityProtocol SASL_* needs an existing Secret");
    }

    @Test
    void credentialNamedExtraEnvMustComeFromASecret() {
        String message = Chart.renderFailure(Chart.SOURCE, "invalid-values/literal-token-env.yaml");

        assertThat(message).contains("at '/components/collector/extraEnv/0'").contains("missing property 'valueFrom'");
    }

    @Test
    void moreThanOneCollectorIsRejected() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/two-collectors.yaml"))
                .contains("at '/components/collector/replicas'").contains("value must be one of 0, 1");
    }

    @Test
    void memoryLimitIsRequiredBecauseTheHeapIsSizedFromIt() {
        assertThat(Chart.renderFailure(Chart.SOURCE, "invalid-values/no-memory-limit.yaml"))
                .contains("at '/components/storer/resources'").contains("missing property 'limits'");
    }

    @Test
    void everyObjectWithDeclaredPropertiesRejectsUndeclaredOnes() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Chart.SOURCE.resolve("values.schema.json").toFile());
        List<String> lax = new ArrayList<>();
        List<String> strict = new ArrayList<>();

        walk(schema, "#", lax, strict);

        assertThat(lax).as("objects with properties but without additionalProperties: false").isEmpty();
        assertThat(strict).hasSizeGreaterThan(30);
    }

    private static void walk(JsonNode node, String at, List<String> lax, List<String> strict) {
        if (node.isObject()) {
            // Conditions (if/then) only narrow values an enclosing, strict object declares.
            boolean conditional = (at + "/").contains("/if/") || (at + "/").contains("/then/");
            if (node.has("properties") && node.path("properties").isObject() && !conditional) {
                (node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean() ? strict : lax).add(at);
            }
            node.fields().forEachRemaining(e -> walk(e.getValue(), at + "/" + e.getKey(), lax, strict));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, lax, strict);
            }
        }
    }
}
