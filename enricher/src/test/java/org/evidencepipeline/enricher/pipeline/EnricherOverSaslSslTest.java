package org.evidencepipeline.enricher.pipeline;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The running enricher given only the broker's SASL_SSL listener (SCRAM-SHA-512 over TLS, the broker's self-signed
 * certificate trusted from a PEM file), through the same {@code kafka.*} settings a deployment passes as
 * {@code KAFKA_*} environment variables: its channels, its Kafka health check and its researcher feed consumers connect.
 */
@QuarkusTest
@TestProfile(EnricherOverSaslSslTest.OverSaslSsl.class)
class EnricherOverSaslSslTest {
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
    }

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    @TestHTTPResource("/feeds/kharkiv/stream?from=earliest")
    URL kharkivStream;

    private final EventCodec codec = new EventCodec();

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
    void aPostSentOverSaslSslComesOutEnrichedOverSaslSsl() {
        TopicProbe probe = saslSslProbe();
        probe.send(Topics.POSTS_COLLECTED, "telegram:sasl-1", codec.write(EnrichProcessorTest.post("sasl-1",
                "Вранці у Харкові пролунали вибухи, повідомляє міська влада #Харків", null)));

        List<TopicProbe.Read> enriched = probe.readUntil(Topics.POSTS_ENRICHED,
                        r -> r.stream().anyMatch(x -> "telegram:sasl-1".equals(x.key())), Duration.ofSeconds(30)).records()
                .stream().filter(x -> "telegram:sasl-1".equals(x.key())).toList();
        // At-least-once: a start-up rebalance may repeat the record; the first copy is the one checked.
        assertThat(enriched).isNotEmpty();
        PostEnriched post = codec.read(enriched.get(0).value(), PostEnriched.class);
        assertThat(post.post().postId()).isEqualTo("telegram:sasl-1");
        assertThat(post.language().code()).isEqualTo("uk");
        assertThat(post.hashtags()).containsExactly("харків");
    }

    @Test
    void theKafkaHealthCheckAndTheResearcherFeedConnectOverSaslSsl() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("Kafka connection health check")));

        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(kharkivStream.toURI()).header("Accept", "text/event-stream")
                        .header("Authorization", ApiTestTokens.bearer(ApiTestTokens.READER)).build(),
                HttpResponse.BodyHandlers.ofLines());
        saslSslProbe().send(Topics.POSTS_COLLECTED, "telegram:sasl-feed", codec.write(EnrichProcessorTest.post("sasl-feed",
                "Рятувальники працюють на місці влучання у Харкові, є постраждалі", null)));
        HttpResponse<Stream<String>> r = response.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        CompletableFuture<PostEnriched> streamed = CompletableFuture.supplyAsync(() -> {
            Iterator<String> lines = r.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    PostEnriched p = codec.read(line.substring(5).trim().getBytes(StandardCharsets.UTF_8), PostEnriched.class);
                    if (p.post().postId().equals("telegram:sasl-feed")) {
                        return p;
                    }
                }
            }
            return null;
        });
        assertThat(streamed.get(60, TimeUnit.SECONDS)).as("streamed from feeds.kharkiv.v1").isNotNull()
                .extracting(p -> p.language().code()).isEqualTo("uk");
        r.body().close();
    }
}
