package org.evidencepipeline.collector.run;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five sources come due at once, but at most two are polled at a time (collector.max-concurrent-polls=2): each feed
 * stalls for 3 s mid-body, and while the first two are being read no third request reaches the server; the gauges say
 * two polls run and three wait; in the end all five are polled and published.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(DueSourcesBeyondTheConcurrencyCapWaitForASlotTest.TwoSlots.class)
class DueSourcesBeyondTheConcurrencyCapWaitForASlotTest {
    static final int SOURCES = 5;
    static final long STALL_MILLIS = 3_000;

    public static class TwoSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.scheduler-enabled", "true",
                    "collector.initial-delay", "1s",
                    "collector.max-concurrent-polls", "2");
        }
    }

    static FeedReplayServer feeds;

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    static String feed(String guid) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Новини</title><link>https://news.example.org/</link>
                  <item><title>Обстріл %s</title><link>https://news.example.org/%s</link><guid isPermaLink="false">%s</guid>
                    <pubDate>Tue, 01 Dec 2026 18:00:00 +0000</pubDate><description>Повідомляє міська влада, %s.</description></item>
                </channel></rss>
                """.formatted(guid, guid, guid, guid);
    }

    @BeforeAll
    static void startFeeds() {
        feeds = FeedReplayServer.start();
        for (int i = 0; i < SOURCES; i++) {
            feeds.serve("/slow-" + i + ".xml", FeedReplayServer.Response.stalling(feed("poll-slots-" + i)
                    .getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8", STALL_MILLIS));
        }
    }

    @AfterAll
    static void stopFeeds() {
        feeds.close();
    }

    @Test
    void dueSourcesBeyondTheCapWaitForASlotAndAreAllPolledInTheEnd() throws Exception {
        StringJoiner sources = new StringJoiner(",");
        for (int i = 0; i < SOURCES; i++) {
            sources.add("{\"id\":\"slow-" + i + "\",\"type\":\"rss\",\"url\":\"" + feeds.url("/slow-" + i + ".xml") + "\",\"interval\":\"PT10M\"}");
        }
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"poll-slots\",\"name\":\"Poll slots\",\"keywords\":[],\"sources\":[" + sources + "]}")
                .post("/collections").then().statusCode(201);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (feeds.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(feeds.requests()).as("the first poll started").isNotEmpty();
        // Well inside the first two polls' stall: a third request now would mean a third poll ran beside them.
        Thread.sleep(STALL_MILLIS / 2);
        assertThat(feeds.requests()).as("requests while two polls hold both slots").hasSize(2);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^collector_polls_running(\\{[^}]*\\})? 2\\.0$")
                .containsPattern("(?m)^collector_polls_waiting(\\{[^}]*\\})? 3\\.0$");

        TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
        assertThat(probe.readUntil(Topics.POSTS_COLLECTED, r -> {
            for (int i = 0; i < SOURCES; i++) {
                String guid = "poll-slots-" + i;
                if (r.stream().noneMatch(x -> x.key().endsWith(guid))) {
                    return false;
                }
            }
            return true;
        }, Duration.ofSeconds(60)).complete()).as("every source polled and published in the end").isTrue();
        assertThat(feeds.requests()).hasSize(SOURCES);
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/poll-slots").then().statusCode(204);
    }
}
