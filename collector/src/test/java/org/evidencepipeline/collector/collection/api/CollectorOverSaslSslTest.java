package org.evidencepipeline.collector.collection.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The running collector given only the broker's SASL_SSL listener (SCRAM-SHA-512 over TLS, the broker's self-signed
 * certificate trusted from a PEM file), through the same {@code kafka.*} settings a deployment passes as
 * {@code KAFKA_*} environment variables: a collection added over the API is polled by the service's own scheduler,
 * its posts are published on posts.collected.v1, its cursor is saved on the compacted collector.cursors.v1, and the
 * Kafka health check connects.
 */
@QuarkusTest
@TestProfile(CollectorOverSaslSslTest.OverSaslSsl.class)
class CollectorOverSaslSslTest {
    static final String TOKEN = "collector-sasl-test-token-3c9e1f7a2b5d8046";
    static final String ETAG = "\"odesa-news-20261126-0710\"";

    public static class OverSaslSsl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class,
                    Map.of(KafkaBrokerResource.SASL_MECHANISM, EmbeddedKafka.SCRAM_SHA_512)));
        }

        /** Not the PLAINTEXT-only broker the module's other tests share. */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        /** The service polls on its own schedule (the other tests poll by hand), soon after a collection is added. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.scheduler-enabled", "true",
                    "collector.initial-delay", "1s",
                    "pipeline.api.admin-token", TOKEN,
                    "pipeline.api.reader-token", "reader-" + TOKEN);
        }
    }

    /** Two posts of a local Ukrainian news site, as its RSS 2.0 feed serves them. */
    static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel>
                <title>Одеські новини</title>
                <link>https://odesa.example.org/</link>
                <description>Новини Одеси та області</description>
                <language>uk</language>
                <item>
                  <title>Атака дронів на Одесу вночі</title>
                  <link>https://odesa.example.org/2026/11/26/drones</link>
                  <guid isPermaLink="false">odesa.example.org-7731</guid>
                  <pubDate>Thu, 26 Nov 2026 04:20:00 +0000</pubDate>
                  <dc:creator>Ірина Мельник</dc:creator>
                  <description><![CDATA[<p>Уночі Одесу атакували ударні дрони, у Приморському районі пошкоджено житловий будинок. Постраждалих немає.</p>]]></description>
                </item>
                <item>
                  <title>У порту відновили роботу</title>
                  <link>https://odesa.example.org/2026/11/26/port</link>
                  <guid isPermaLink="false">odesa.example.org-7734</guid>
                  <pubDate>Thu, 26 Nov 2026 07:05:00 +0000</pubDate>
                  <description>Після нічної тривоги порт Одеси відновив приймання суден, повідомляє адміністрація.</description>
                </item>
              </channel>
            </rss>
            """;

    static FeedReplayServer feed;

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startFeed() {
        feed = FeedReplayServer.start();
        feed.serve("/odesa.xml", new FeedReplayServer.Response(200, FEED.getBytes(StandardCharsets.UTF_8),
                "application/rss+xml; charset=utf-8", Map.of("ETag", ETAG)));
    }

    @AfterAll
    static void stopFeed() {
        feed.close();
    }

    private TopicProbe saslSslProbe() {
        return new TopicProbe(kafka.saslSsl().clientSettings(EmbeddedKafka.SCRAM_SHA_512));
    }

    @Test
    void theServiceKnowsOnlyTheSaslSslListener() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("kafka.bootstrap.servers", String.class))
                .isEqualTo(kafka.saslSsl().bootstrapServers()).isNotEqualTo(kafka.bootstrapServers());
        assertThat(config.getValue("kafka.security.protocol", String.class)).isEqualTo("SASL_SSL");
        assertThat(config.getValue("kafka.sasl.mechanism", String.class)).isEqualTo("SCRAM-SHA-512");
        assertThat(config.getValue("kafka.ssl.truststore.type", String.class)).isEqualTo("PEM");
    }

    @Test
    void aWatchedFeedIsPublishedAndItsCursorSavedOverSaslSsl() {
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body("""
                        {"id":"odesa","name":"Одеса","keywords":["Одеса","Одесу","Одеси"],
                         "sources":[{"id":"odesa-news","type":"rss","url":"%s","interval":"PT10M"}]}
                        """.formatted(feed.url("/odesa.xml")))
                .post("/collections").then().statusCode(201).body("id", equalTo("odesa"));

        // The scheduler polls the source; both posts come out on posts.collected.v1, read back over SASL_SSL.
        TopicProbe probe = saslSslProbe();
        String feedKey = RssIds.feedKey(feed.url("/odesa.xml"));
        Set<String> expected = Set.of("rss:" + feedKey + ":odesa.example.org-7731", "rss:" + feedKey + ":odesa.example.org-7734");
        List<TopicProbe.Read> records = probe.readUntil(Topics.POSTS_COLLECTED,
                r -> r.stream().map(TopicProbe.Read::key).toList().containsAll(expected), Duration.ofSeconds(20)).records();
        assertThat(records).extracting(TopicProbe.Read::key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(records).allSatisfy(r -> {
            PostCollected post = codec.read(r.value(), PostCollected.class);
            assertThat(post.postId()).as("keyed by post id").isEqualTo(r.key());
            assertThat(post.version()).isEqualTo(1);
            assertThat(post.sourceId()).isEqualTo("odesa-news");
            assertThat(post.collectionIds()).containsExactly("odesa");
            assertThat(post.languageHint()).isEqualTo("uk");
        });
        PostCollected drones = records.stream().map(r -> codec.read(r.value(), PostCollected.class))
                .filter(p -> p.platformId().equals(feedKey + ":odesa.example.org-7731")).findFirst().orElseThrow();
        assertThat(drones.text()).contains("ударні дрони").doesNotContain("<p>");
        assertThat(feed.requests("/odesa.xml")).hasSize(1);

        // The cursor was saved on the compacted cursor topic over SASL_SSL, with the feed's ETag and both posts seen.
        List<TopicProbe.Read> cursors = probe.readUntil(Topics.COLLECTOR_CURSORS,
                r -> r.stream().anyMatch(x -> "odesa-news".equals(x.key())), Duration.ofSeconds(10)).records();
        SourceCursor cursor = cursors.stream().filter(r -> "odesa-news".equals(r.key()))
                .map(r -> codec.read(r.value(), SourceCursor.class)).reduce((first, last) -> last).orElseThrow();
        assertThat(cursor.sourceId()).isEqualTo("odesa-news");
        assertThat(cursor.etag()).isEqualTo(ETAG);
        assertThat(cursor.seen()).containsOnlyKeys(expected);
        assertThat(cursor.seen().values()).allSatisfy(seen -> assertThat(seen.version()).isEqualTo(1));
        assertThat(cursor.seen().get("rss:" + feedKey + ":odesa.example.org-7731").contentHash()).isEqualTo(drones.contentHash());

        // The Kafka health check's admin client connects over SASL_SSL too.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                        .body(containsString("Kafka connection health check")));

        given().header("Authorization", "Bearer " + TOKEN).delete("/collections/odesa").then().statusCode(204);
    }
}
