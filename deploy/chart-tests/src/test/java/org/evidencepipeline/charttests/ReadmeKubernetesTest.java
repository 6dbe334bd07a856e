package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The values file the README's "Kubernetes" section tells operators to write is accepted by the chart. */
class ReadmeKubernetesTest {

    @Test
    void readmeValuesExampleRendersWithSecuredKafkaAndTheDeclaredCollection() throws IOException {
        String readme = Files.readString(Chart.REPO.resolve("README.md"));
        String section = readme.substring(readme.indexOf("\n## Kubernetes"));
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a yaml block in README ## Kubernetes").isTrue();
        Path values = Path.of(System.getProperty("build.dir", "target")).resolve("readme-values.yaml");
        assertThat(block.group(1)).as("README names one Secret per API role").contains(README_API_LINES);
        Files.writeString(values, block.group(1));

        Manifests m = Manifests.parse(new com.marcnuri.helm.Helm(Chart.SOURCE).template().withName(Chart.RELEASE)
                .withNamespace("evidence").withValuesFile(values.toAbsolutePath()).call());

        JsonNode storer = m.container(Chart.name("storer"));
        assertThat(Manifests.env(storer, "KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_SSL");
        assertThat(Manifests.env(storer, "STORER_S3_BUCKET").path("value").asText()).isEqualTo("evidence-archive");
        assertThat(storer.path("image").asText()).isEqualTo("registry.example.org/evidence-pipeline/storer:0.1.0");
        assertThat(m.get("ConfigMap", "evidence-pipeline-collections").path("data").path("collections.yaml").asText()).contains("kharkiv-watch");
        assertThat(CredentialsTest.literals(m.text)).isEmpty();
        assertThat(Manifests.env(storer, "PIPELINE_API_READER_TOKEN_FILE").path("value").asText())
                .isEqualTo("/var/run/secrets/evidence-pipeline/api-reader/token");
        // The ledger's checkpoints are signed with the key from its Secret, so the storer is not told to run unsigned.
        assertThat(Manifests.env(storer, "STORER_LEDGER_SIGNER_KEY_FILE").path("value").asText())
                .isEqualTo("/var/run/secrets/evidence-pipeline/ledger-signer/signer-key");
        assertThat(Manifests.env(storer, "STORER_LEDGER_ORIGIN").path("value").asText()).isEqualTo("evidence.example.org/ledger");
        assertThat(Manifests.envNames(storer)).doesNotContain("STORER_LEDGER_ALLOW_UNSIGNED");
    }

    /** The API lines README's block is to have (closed by default: one Secret per role). */
    static final String README_API_LINES = """
            api:                                              # one existing Secret per role; no render without them
              adminTokenSecret: {name: evidence-pipeline-api-admin, key: token}    # collections
              readerTokenSecret: {name: evidence-pipeline-api-reader, key: token}  # feeds, archive, verify
            """;
}
