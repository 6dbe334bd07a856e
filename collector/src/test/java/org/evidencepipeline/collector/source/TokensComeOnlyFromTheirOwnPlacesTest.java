package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.http.FetchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code token-env} may only name a {@code COLLECTOR_TOKEN_*} variable and {@code token-file} only a plain file in the
 * secrets directory: otherwise anyone who may POST a collection could send any secret of the process to any host.
 */
class TokensComeOnlyFromTheirOwnPlacesTest {
    private static final Set<String> NAMES = Set.of(BearerToken.PARAM, BearerToken.FILE_PARAM);

    private static ParamReader reader(Map<String, String> params) {
        return new ParamReader(new SourceSpec("s", "mastodon", "https://mastodon.social", null, params), NAMES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KAFKA_SASL_JAAS_CONFIG", "PIPELINE_API_TOKEN", "collector_token_x", "COLLECTOR_TOKEN_A-B"})
    void anyOtherEnvironmentVariableIsRefusedNamingTheRuleNotTheValue(String name) {
        ParamReader r = reader(Map.of(BearerToken.PARAM, name));
        BearerToken.Ref ref = BearerToken.read(r);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p).contains("COLLECTOR_TOKEN_").contains("token-env");
            assertThat(p).doesNotContain(name);
        });
        assertThat(ref.env()).isNull();
    }

    @Test
    void thePrefixAloneIsNotAName() {
        assertThat(BearerToken.validEnvName("COLLECTOR_TOKEN_")).isFalse();
        assertThat(BearerToken.validEnvName("COLLECTOR_TOKEN_MASTODON_2")).isTrue();
        assertThat(BearerToken.validFileName("..")).isFalse();
        assertThat(BearerToken.validFileName("mastodon-token.txt")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../kafka/jaas.conf", "/etc/passwd", "a/b", ".hidden", "a\\b", "x..y"})
    void aTokenFileMustBeAPlainNameInTheSecretsDirectory(String name) {
        ParamReader r = reader(Map.of(BearerToken.FILE_PARAM, name));
        assertThat(BearerToken.read(r).file()).isNull();
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains("token-file").doesNotContain(name));
    }

    @Test
    void bothKindsAtOnceAreRefused() {
        ParamReader r = reader(Map.of(BearerToken.PARAM, "COLLECTOR_TOKEN_A", BearerToken.FILE_PARAM, "a"));
        BearerToken.read(r);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains("exclusive"));
    }

    @Test
    void aPrefixedVariableIsSentAsBearer() throws Exception {
        BearerToken tokens = new BearerToken(Map.of("COLLECTOR_TOKEN_MASTODON", " t0ken \n", "KAFKA_SASL_JAAS_CONFIG", "secret")::get, null);
        assertThat(tokens.header(new BearerToken.Ref("COLLECTOR_TOKEN_MASTODON", null), "s")).containsEntry("Authorization", "Bearer t0ken");
        // A spec that skipped validation is still refused at poll time, and the secret is not in the message.
        assertThatThrownBy(() -> tokens.header(new BearerToken.Ref("KAFKA_SASL_JAAS_CONFIG", null), "s"))
                .isInstanceOf(FetchException.class).hasMessageContaining("COLLECTOR_TOKEN_").hasMessageNotContaining("secret");
    }

    @Test
    void aFileInTheSecretsDirectoryIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mastodon-token"), "file-token\n");
        Files.writeString(dir.resolve("outside"), "x");
        BearerToken tokens = new BearerToken(name -> null, dir.resolve("secrets"));
        Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/mastodon-token"), "file-token\n");
        assertThat(tokens.header(new BearerToken.Ref(null, "mastodon-token"), "s")).containsEntry("Authorization", "Bearer file-token");
        assertThatThrownBy(() -> tokens.header(new BearerToken.Ref(null, "../outside"), "s")).isInstanceOf(FetchException.class);
        assertThatThrownBy(() -> tokens.header(new BearerToken.Ref(null, "missing"), "s")).isInstanceOf(FetchException.class)
                .hasMessageContaining("not set or empty");
    }
}
