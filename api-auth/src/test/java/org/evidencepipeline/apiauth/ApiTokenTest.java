package org.evidencepipeline.apiauth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTest {
    private static final String SECRET = "s3cr3t-token-with-enough-entropy-0042";

    @Test
    void unsetOrBlankMeansOpen() {
        assertThat(ApiToken.of(Optional.empty()).isOpen()).isTrue();
        assertThat(ApiToken.of(Optional.of("  \n")).isOpen()).isTrue();
        assertThat(ApiToken.of(Optional.empty()).permits(null)).isTrue();
    }

    @Test
    void onlyTheExactBearerTokenIsAccepted() {
        ApiToken token = ApiToken.of(Optional.of(SECRET + "\n")); // a token read from a file keeps its newline
        assertThat(token.isOpen()).isFalse();
        assertThat(token.permits("Bearer " + SECRET)).isTrue();
        assertThat(token.permits("bearer " + SECRET)).isTrue();
        assertThat(token.permits(null)).isFalse();
        assertThat(token.permits("")).isFalse();
        assertThat(token.permits("Bearer")).isFalse();
        assertThat(token.permits("Bearer ")).isFalse();
        assertThat(token.permits(SECRET)).isFalse();
        assertThat(token.permits("Basic " + SECRET)).isFalse();
        assertThat(token.permits("Bearer " + SECRET + "x")).isFalse();
        assertThat(token.permits("Bearer " + SECRET.substring(1))).isFalse();
        assertThat(token.permits("Bearer " + SECRET.toUpperCase())).isFalse();
    }

    @Test
    void shortTokensAreFlaggedAndNeverPrinted() {
        assertThat(ApiToken.of(Optional.of("short")).isShort()).isTrue();
        assertThat(ApiToken.of(Optional.of(SECRET)).isShort()).isFalse();
        assertThat(ApiToken.of(Optional.of(SECRET)).toString()).doesNotContain(SECRET);
    }
}
