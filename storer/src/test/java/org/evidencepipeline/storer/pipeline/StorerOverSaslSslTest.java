package org.evidencepipeline.storer.pipeline;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The running storer given only the broker's SASL_SSL listener (SCRAM-SHA-512 over TLS, the broker's self-signed
 * certificate trusted from a PEM file), through the same {@code kafka.*} settings a deployment passes as
 * {@code KAFKA_*} environment variables, and the real S3 server: its input and output channels and its Kafka health
 * check connect, and a post goes from posts.enriched.v1 into the archive.
 */
@QuarkusTest
@TestProfile(StorerOverSaslSslTest.OverSaslSsl.class)
class StorerOverSaslSslTest {
    public static class OverSaslSsl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(KafkaBrokerResource.class, Map.of(KafkaBrokerResource.SASL_MECHANISM, EmbeddedKafka.SCRAM_SHA_512)),
                    new TestResourceEntry(S3ServerResource.class));
        }

        /** Not the PLAINTEXT-only broker the module's other tests share (nor their S3 server). */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    static FeedReplayServer media;
    static final byte[] PHOTO = TestImages.jpeg(160, 120, 31);

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startMediaServer() {
        media = FeedReplayServer.start();
        media.serve("/sasl-photo.jpg", PHOTO, "image/jpeg");
    }

    @AfterAll
    static void stopMediaServer() {
        media.close();
    }

    private static byte[] object(String key) throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class))
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("evidence-archive").object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
    void aPostSentOverSaslSslIsArchivedAndItsRecordReadOverSaslSsl() throws Exception {
        TopicProbe probe = new TopicProbe(kafka.saslSsl().clientSettings(EmbeddedKafka.SCRAM_SHA_512));
        PostEnriched post = TestPosts.post("sasl-1", "kharkiv", List.of(new MediaRef(media.url("/sasl-photo.jpg"), "image/jpeg", null)));
        byte[] sent = codec.write(post);
        probe.send(Topics.POSTS_ENRICHED, post.postId(), sent);

        List<TopicProbe.Read> archived = probe.readUntil(Topics.POSTS_ARCHIVED,
                        r -> r.stream().anyMatch(x -> "rss:sasl-1".equals(x.key())), Duration.ofSeconds(60)).records()
                .stream().filter(x -> "rss:sasl-1".equals(x.key())).toList();
        // At-least-once: a start-up rebalance may repeat the record; the first copy is the one checked.
        assertThat(archived).isNotEmpty();
        PostArchived record = codec.read(archived.get(0).value(), PostArchived.class);

        // The post object is in S3, byte for byte as sent, with the SHA-256 the record states.
        byte[] postObject = object(record.postObjectKey());
        assertThat(postObject).isEqualTo(sent);
        assertThat(sha256(postObject)).isEqualTo(record.postSha256());

        // And the photo, content-addressed.
        String photoSha = sha256(PHOTO);
        assertThat(record.captures()).singleElement().isInstanceOfSatisfying(CaptureOutcome.Stored.class, s -> {
            assertThat(s.sha256()).isEqualTo(photoSha);
            assertThat(s.objectKey()).endsWith("/" + photoSha);
        });
        assertThat(object(((CaptureOutcome.Stored) record.captures().get(0)).objectKey())).isEqualTo(PHOTO);
    }

    @Test
    void readinessIsUpWithTheKafkaConnectionCheckOverSaslSsl() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItem("Kafka connection health check"))
                        .body("checks.find { it.name == 'Kafka connection health check' }.status", equalTo("UP"))
                        .body("checks.find { it.name == 'archive-bucket' }.status", equalTo("UP")));
    }
}
