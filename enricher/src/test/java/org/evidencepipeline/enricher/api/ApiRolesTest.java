package org.evidencepipeline.enricher.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The researcher feeds (/feeds/*) need the reader role: the reader or the admin token (the %test profile's
 * ApiTestTokens) opens them, a missing or wrong token gets 401; health and metrics stay open.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiRolesTest {
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
    void feedsRefuseAMissingOrWrongTokenWith401() throws Exception {
        for (String authorization : new String[]{null, "Bearer not-" + ApiTestTokens.READER, ApiTestTokens.READER,
                "Basic " + ApiTestTokens.READER, "Bearer " + ApiTestTokens.ADMIN + "0"}) {
            HttpResponse<String> r = get(stream, authorization);
            assertThat(r.statusCode()).as("Authorization: " + authorization).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(t -> assertThat(t).startsWith("Bearer"));
            assertThat(r.body()).contains("\"error\"").doesNotContain(ApiTestTokens.READER);
        }
        // Refused before the resource runs: even a request the resource would reject as bad gets 401.
        assertThat(get(badCollection, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theReaderAndTheAdminTokenOpenTheFeeds() throws Exception {
        for (String token : new String[]{ApiTestTokens.READER, ApiTestTokens.ADMIN}) {
            assertThat(get(badCollection, ApiTestTokens.bearer(token)).statusCode()).as("reaches the resource, which validates the id").isEqualTo(400);
            HttpResponse<InputStream> sse = http.sendAsync(HttpRequest.newBuilder(stream.toURI())
                                    .header("Authorization", ApiTestTokens.bearer(token)).header("Accept", "text/event-stream").build(),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .get(20, TimeUnit.SECONDS);
            try (InputStream body = sse.body()) {
                assertThat(sse.statusCode()).isEqualTo(200);
                assertThat(sse.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            }
        }
    }

    @Test
    void healthAndMetricsStayOpen() throws Exception {
        assertThat(get(health, null).statusCode()).isEqualTo(200);
        HttpResponse<String> m = get(metrics, null);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body()).contains("jvm_memory_used_bytes").doesNotContain(ApiTestTokens.READER).doesNotContain(ApiTestTokens.ADMIN);
    }
}
