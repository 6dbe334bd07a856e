package org.evidencepipeline.collector.http;

import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoliteFetcherTest {
    private final FeedReplayServer server = FeedReplayServer.start();
    private final HostThrottle throttle = new HostThrottle(Duration.ZERO, Duration.ofMinutes(15), Clock.systemUTC());
    private final PoliteFetcher fetcher = new PoliteFetcher("test-agent/1.0 (+contact)", Duration.ofSeconds(2),
            Duration.ofSeconds(2), 1024, throttle, Clock.systemUTC());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheDescriptiveUserAgent() throws Exception {
        server.serve("/feed", "ok", "text/plain");
        fetcher.get(FetchRequest.of(server.url("/feed")));
        assertThat(server.requests("/feed").get(0).header("User-Agent")).isEqualTo("test-agent/1.0 (+contact)");
    }

    @Test
    void conditionalGetReturnsNotModified() throws Exception {
        server.serve("/feed", "<rss/>", "application/rss+xml");
        FetchResponse first = fetcher.get(FetchRequest.of(server.url("/feed")));
        FetchResponse second = fetcher.get(new FetchRequest(first.headers().firstValue("ETag").map(e -> java.net.URI.create(server.url("/feed"))).orElseThrow(),
                first.header("ETag"), null, Map.of()));
        assertThat(first.notModified()).isFalse();
        assertThat(second.notModified()).isTrue();
        assertThat(server.requests("/feed").get(1).header("If-None-Match")).isEqualTo(first.header("ETag"));
    }

    @Test
    void rateLimitedAnswerBacksOffTheHostForRetryAfter() {
        server.script("/api", FeedReplayServer.Response.status(429, Map.of("Retry-After", "120")));
        Instant before = Instant.now();
        assertThatThrownBy(() -> fetcher.get(FetchRequest.of(server.url("/api"))))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("HTTP 429")
                .satisfies(e -> assertThat(((FetchException) e).retryAfter()).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(133)));
        assertThat(throttle.nextAllowed("127.0.0.1")).isAfter(before.plusSeconds(119));
    }

    @Test
    void retryAfterAsHttpDateIsUnderstood() {
        Duration d = fetcher.retryAfter("Fri, 31 Dec 2100 23:59:59 GMT");
        assertThat(d).isGreaterThan(Duration.ofDays(365));
        assertThat(fetcher.retryAfter("soon")).isNull();
    }

    @Test
    void bodyOverTheCapIsRefused() {
        server.serve("/big", new byte[4096], "application/xml");
        assertThatThrownBy(() -> fetcher.get(FetchRequest.of(server.url("/big"))))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("exceeds the 1024 byte cap");
    }

    @Test
    void serverErrorIsAFetchFailureNamingTheStatus() {
        server.script("/down", FeedReplayServer.Response.status(500, Map.of()));
        assertThatThrownBy(() -> fetcher.get(FetchRequest.of(server.url("/down"))))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("HTTP 500");
    }
}
