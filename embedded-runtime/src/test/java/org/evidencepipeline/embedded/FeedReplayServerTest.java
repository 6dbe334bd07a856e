package org.evidencepipeline.embedded;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FeedReplayServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersConditionalGetWith304() throws Exception {
        try (FeedReplayServer server = FeedReplayServer.start()) {
            server.serve("/feed.xml", "<rss/>", "application/rss+xml");
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(server.url("/feed.xml"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(server.url("/feed.xml")))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("<rss/>");
            assertThat(second.statusCode()).isEqualTo(304);
            assertThat(server.requests("/feed.xml")).hasSize(2);
        }
    }

    @Test
    void scriptedResponsesComeFirstThenTheFixedOne() throws Exception {
        try (FeedReplayServer server = FeedReplayServer.start()) {
            server.serve("/api?x=1", "{}", "application/json")
                    .script("/api?x=1", FeedReplayServer.Response.status(429, Map.of("Retry-After", "2")));
            var req = HttpRequest.newBuilder(URI.create(server.url("/api?x=1"))).build();
            HttpResponse<String> limited = http.send(req, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ok = http.send(req, HttpResponse.BodyHandlers.ofString());

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("2");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url("/nope"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }
}
