package org.evidencepipeline.storer.pipeline;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running storer given the SASL_SSL listener with a wrong password (the broker knows the user with another one)
 * does not pretend to work: readiness is DOWN (503) with the Kafka connection check DOWN for a SASL authentication
 * failure, while the archive bucket check is UP, and a post waiting on posts.enriched.v1 is neither archived nor
 * committed nor written to S3.
 */
@QuarkusTest
@TestProfile(StorerWithWrongKafkaPasswordTest.WrongPassword.class)
class StorerWithWrongKafkaPasswordTest {
    static final String KAFKA_CHECK = "Kafka connection health check";

    public static class WrongPassword implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(KafkaBrokerResource.class, Map.of(
                            KafkaBrokerResource.SASL_MECHANISM, EmbeddedKafka.SCRAM_SHA_512,
                            KafkaBrokerResource.SASL_PASSWORD, "not-the-kafka-password")),
                    new TestResourceEntry(S3ServerResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    private final EventCodec codec = new EventCodec();

    @Test
    void readinessIsDownOnTheKafkaCheckAndNothingIsConsumed() throws Exception {
        assertThat(ConfigProvider.getConfig().getValue("kafka.sasl.jaas.config", String.class))
                .contains("not-the-kafka-password");

        // A post waits on the input topic, sent by a client with the right password.
        TopicProbe rightPassword = new TopicProbe(kafka.saslSsl().clientSettings(EmbeddedKafka.SCRAM_SHA_512));
        PostEnriched post = TestPosts.post("wrong-password-1", "kharkiv", List.of());
        rightPassword.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));

        // Readiness: 503, the Kafka check DOWN, the S3 check UP (so the Kafka check is what fails it).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Response ready = given().get("/q/health/ready");
            assertThat(ready.statusCode()).as(ready.asString()).isEqualTo(503);
            assertThat(ready.jsonPath().getString("status")).isEqualTo("DOWN");
            assertThat(ready.jsonPath().getString("checks.find { it.name == '" + KAFKA_CHECK + "' }.status"))
                    .as(ready.asString()).isEqualTo("DOWN");
            assertThat(ready.jsonPath().getString("checks.find { it.name == '" + KAFKA_CHECK + "' }.data.reason"))
                    .as(ready.asString()).contains("SaslAuthenticationException");
            assertThat(ready.jsonPath().getString("checks.find { it.name == 'archive-bucket' }.status"))
                    .as(ready.asString()).isEqualTo("UP");
        });

        // Liveness stays UP: the pod is kept out of service, not restarted in a loop (its clients keep retrying the login).
        given().get("/q/health/live").then().statusCode(200);

        // Nothing consumed: after a few more seconds no archive record, no committed offset, no post in S3.
        TopicProbe.Result archived = rightPassword.readUntil(Topics.POSTS_ARCHIVED, r -> !r.isEmpty(), Duration.ofSeconds(5));
        assertThat(archived.records()).isEmpty();
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listConsumerGroupOffsets("storer").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS))
                    .as("offsets committed by the storer's group").isEmpty();
        }
        MinioClient s3 = MinioClient.builder().endpoint(ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class))
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        List<String> keys = new ArrayList<>();
        for (var item : s3.listObjects(ListObjectsArgs.builder().bucket("evidence-archive").recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        assertThat(keys).as("objects in the archive").isEmpty();
    }
}
