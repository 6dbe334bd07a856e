package org.evidencepipeline.collector.collection.api;

import org.evidencepipeline.testsupport.ApiTestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The running service with production's empty allow-list: a feed on this machine is never fetched, and the
 * source's status and the fetch metric say it was refused by the address policy.
 */
@QuarkusTest
@TestProfile(RefusedFeedIsReportedAsRefusedTest.ProductionAllowList.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class RefusedFeedIsReportedAsRefusedTest {
    public static class ProductionAllowList implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.http.allow-cidrs", " ");
        }
    }

    static FeedReplayServer feed;

    @BeforeAll
    static void startFeed() {
        feed = FeedReplayServer.start();
        feed.serve("/kharkiv.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
    }

    @AfterAll
    static void stopFeed() {
        feed.close();
    }

    @Test
    void aFeedOnLoopbackIsRefusedAndSaysSo() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body("""
                {"id":"inside","keywords":[],"sources":[{"id":"inside-feed","type":"rss","url":"%s","interval":"PT10M"}]}
                """.formatted(feed.url("/kharkiv.xml"))).post("/collections").then().statusCode(201);
        given().auth().oauth2(ApiTestTokens.ADMIN).post("/collections/inside/poll").then().statusCode(200)
                .body("sources.inside-feed.lastError", containsString("refused by address policy"))
                .body("sources.inside-feed.lastError", containsString("loopback"));
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/inside").then().statusCode(200)
                .body("sources.inside-feed.lastError", containsString("refused by address policy"));
        assertThat(feed.requests()).isEmpty();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("collector_fetches_total\\{[^}]*outcome=\"refused-by-address-policy\"[^}]*source=\"inside-feed\"[^}]*\\} 1\\.0");
    }
}
