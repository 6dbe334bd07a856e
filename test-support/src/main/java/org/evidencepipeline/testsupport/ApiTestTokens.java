package org.evidencepipeline.testsupport;

/**
 * The API tokens every service's {@code %test} profile is configured with (application.properties), so
 * tests run the secured path: {@code given().auth().oauth2(ApiTestTokens.ADMIN)}. Test values only.
 */
public final class ApiTestTokens {
    public static final String ADMIN = "test-admin-token-3f9a1c7e5b2d40686e1f";
    public static final String READER = "test-reader-token-8c2e6a0f4b1d39577a2c";

    private ApiTestTokens() {
    }

    /** The {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
