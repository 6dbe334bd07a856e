package org.evidencepipeline.apiauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTest {
    private static final String SECRET = "s3cr3t-token-with-enough-entropy-0042";

    @Test
    void blankIsNoToken() {
        assertThat(ApiToken.of(null)).isEmpty();
        assertThat(ApiToken.of("  \n")).isEmpty();
    }

    @Test
    void onlyTheExactTokenMatches() {
        ApiToken token = ApiToken.of(SECRET + "\n").orElseThrow(); // a token read from a file keeps its newline
        assertThat(token.matches(SECRET)).isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(SECRET + "x")).isFalse();
        assertThat(token.matches(SECRET.substring(1))).isFalse();
        assertThat(token.matches(SECRET.toUpperCase())).isFalse();
    }

    @Test
    void onlyABearerHeaderCarriesAToken() {
        assertThat(ApiToken.bearer("Bearer " + SECRET)).contains(SECRET);
        assertThat(ApiToken.bearer("bearer  " + SECRET + " ")).contains(SECRET);
        assertThat(ApiToken.bearer(null)).isEmpty();
        assertThat(ApiToken.bearer("")).isEmpty();
        assertThat(ApiToken.bearer("Bearer")).isEmpty();
        assertThat(ApiToken.bearer("Bearer ")).isEmpty();
        assertThat(ApiToken.bearer(SECRET)).isEmpty();
        assertThat(ApiToken.bearer("Basic " + SECRET)).isEmpty();
    }

    @Test
    void shortTokensAreFlaggedAndNeverPrinted() {
        assertThat(ApiToken.of("short").orElseThrow().isShort()).isTrue();
        assertThat(ApiToken.of(SECRET).orElseThrow().isShort()).isFalse();
        assertThat(ApiToken.of(SECRET).orElseThrow().toString()).doesNotContain(SECRET);
    }
}
