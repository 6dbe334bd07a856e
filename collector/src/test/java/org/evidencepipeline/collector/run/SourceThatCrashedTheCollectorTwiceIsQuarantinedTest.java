package org.evidencepipeline.collector.run;

import org.evidencepipeline.testsupport.ApiTestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.messaging.crashguard.KeyedCrashGuard;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/**
 * The running collector started on a crash-guard directory in which two earlier processes died while polling the
 * same source (the markers they left, written by the real guard): its scheduler does not poll that source again, the
 * source's status says "crashed the collector", the other source of the collection is polled and published; an
 * operator's {@code POST /collections/{id}/poll} lifts the quarantine and polls it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(SourceThatCrashedTheCollectorTwiceIsQuarantinedTest.LeftByTwoCrashes.class)
class SourceThatCrashedTheCollectorTwiceIsQuarantinedTest {
    static final String POISONED = "crashing-news";
    static final String HEALTHY = "healthy-news";

    public static class LeftByTwoCrashes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("collector-crash-guard");
                for (int life = 0; life < 2; life++) {
                    new KeyedCrashGuard(dir, 2, Clock.systemUTC()).admit(POISONED); // died polling it
                }
                return Map.of("pipeline.crash-guard.dir", dir.toString(),
                        "collector.scheduler-enabled", "true",
                        "collector.initial-delay", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static FeedReplayServer feeds;

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    static String feed(String guid, String title) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Новини</title><link>https://news.example.org/</link>
                  <item><title>%s</title><link>https://news.example.org/%s</link><guid isPermaLink="false">%s</guid>
                    <pubDate>Tue, 01 Dec 2026 18:00:00 +0000</pubDate><description>%s, повідомляє міська влада.</description></item>
                </channel></rss>
                """.formatted(title, guid, guid, title);
    }

    @BeforeAll
    static void startFeeds() {
        feeds = FeedReplayServer.start();
        feeds.serve("/crashing.xml", new FeedReplayServer.Response(200, feed("crash-guard-1", "Вибухи у Харкові")
                .getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8", Map.of()));
        feeds.serve("/healthy.xml", new FeedReplayServer.Response(200, feed("crash-guard-2", "Тривога в Одесі")
                .getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8", Map.of()));
    }

    @AfterAll
    static void stopFeeds() {
        feeds.close();
    }

    @Test
    void aSourceThatCrashedTheCollectorTwiceIsQuarantinedUntilAnOperatorPollsIt() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body("""
                        {"id":"crash-guard","name":"Crash guard","keywords":[],
                         "sources":[{"id":"%s","type":"rss","url":"%s","interval":"PT10M"},
                                    {"id":"%s","type":"rss","url":"%s","interval":"PT10M"}]}
                        """.formatted(POISONED, feeds.url("/crashing.xml"), HEALTHY, feeds.url("/healthy.xml")))
                .post("/collections").then().statusCode(201);

        TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
        assertThat(probe.readUntil(Topics.POSTS_COLLECTED, r -> r.stream().anyMatch(x -> x.key().endsWith("crash-guard-2")),
                Duration.ofSeconds(30)).complete()).as("the healthy source is polled").isTrue();
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/crash-guard").then().statusCode(200)
                .body("sources.'" + POISONED + "'.lastError", containsString("crashed the collector 2 times"))
                .body("sources.'" + HEALTHY + "'.lastError", nullValue());
        assertThat(feeds.requests("/crashing.xml")).as("the quarantined source is not fetched").isEmpty();

        given().auth().oauth2(ApiTestTokens.ADMIN).post("/collections/crash-guard/poll").then().statusCode(200)
                .body("sources.'" + POISONED + "'.lastError", nullValue());
        assertThat(feeds.requests("/crashing.xml")).hasSize(1);
        assertThat(probe.readUntil(Topics.POSTS_COLLECTED, r -> r.stream().anyMatch(x -> x.key().endsWith("crash-guard-1")),
                Duration.ofSeconds(30)).complete()).as("published once asked for").isTrue();
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/crash-guard").then().statusCode(204);
    }
}
