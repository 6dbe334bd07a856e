package org.evidencepipeline.enricher.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With pipeline.api.token set, the researcher feeds (/feeds/*) need the bearer token; health and metrics stay open. */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiTokenTest {
    static final String TOKEN = "enricher-test-token-2c8e6a0f4b1d3957";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pipeline.api.token", TOKEN);
        }
    }

    @TestHTTPResource("/feeds/kharkiv/stream?from=earliest")
    URL stream;

    @TestHTTPResource("/feeds/Bad%20Id/stream")
    URL badCollection;

    @TestHTTPResource("/q/health/live")
    URL health;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(URL url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.toURI()).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void feedsRefuseRequestsWithoutTheToken() throws Exception {
        for (String authorization : new String[]{null, "Bearer not-" + TOKEN, TOKEN, "Basic " + TOKEN}) {
            HttpResponse<String> r = get(stream, authorization);
            assertThat(r.statusCode()).as("Authorization: " + authorization).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(t -> assertThat(t).startsWith("Bearer"));
            assertThat(r.body()).contains("\"error\"").doesNotContain(TOKEN);
        }
        // Refused before the resource runs: even a request the resource would reject as bad gets 401.
        assertThat(get(badCollection, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theTokenOpensTheFeeds() throws Exception {
        assertThat(get(badCollection, "Bearer " + TOKEN).statusCode()).as("reaches the resource, which validates the id").isEqualTo(400);
        HttpResponse<InputStream> sse = http.sendAsync(HttpRequest.newBuilder(stream.toURI())
                                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream())
                .get(20, TimeUnit.SECONDS);
        try (InputStream body = sse.body()) {
            assertThat(sse.statusCode()).isEqualTo(200);
            assertThat(sse.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        }
    }

    @Test
    void healthAndMetricsStayOpen() throws Exception {
        assertThat(get(health, null).statusCode()).isEqualTo(200);
        HttpResponse<String> m = get(metrics, null);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body()).contains("jvm_memory_used_bytes").doesNotContain(TOKEN);
    }
}
