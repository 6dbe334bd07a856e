package org.evidencepipeline.enricher.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The running enricher against the real broker: keyed output, dead letters with reasons, no stall after poison. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class EnrichProcessorTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    private final EventCodec codec = new EventCodec();

    static PostCollected post(String id, String text, String hint) {
        return new PostCollected(1, "telegram:" + id, "telegram", id, 1, "tg-src", List.of("kharkiv"),
                "https://t.me/s/channel/" + id, null, null, text, hint, Instant.parse("2026-11-20T06:15:00Z"),
                Instant.parse("2026-11-20T06:16:00Z"), List.of(new MediaRef("https://cdn.example.org/" + id + ".jpg", "image/jpeg", null)),
                null, "0".repeat(64), new ToolInfo("collector", "test", "x"));
    }

    @Test
    void theRelaysOutputsWaitingForTheBrokerAreAGaugeThatFallsBackToZero() {
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.POSTS_COLLECTED, "telegram:relay-1",
                codec.write(post("relay-1", "Вранці у Харкові пролунали вибухи, повідомляє міська влада", null)));
        assertThat(probe.readUntil(Topics.POSTS_ENRICHED, r -> r.stream().anyMatch(x -> x.key().equals("telegram:relay-1")),
                Duration.ofSeconds(30)).complete()).isTrue();
        String max = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("pipeline_relay_max_in_flight ")).findFirst().orElseThrow();
        assertThat(max).isEqualTo("pipeline_relay_max_in_flight 256.0");
        // Its outputs are acknowledged by now, or shortly after: nothing stays in flight.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String inFlight;
        do {
            inFlight = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                    .filter(l -> l.startsWith("pipeline_relay_in_flight ")).findFirst().orElseThrow();
        } while (!inFlight.equals("pipeline_relay_in_flight 0.0") && System.nanoTime() < deadline);
        assertThat(inFlight).isEqualTo("pipeline_relay_in_flight 0.0");
    }

    @Test
    void poisonRecordsAreDeadLetteredWithTheReasonAndValidPostsKeepFlowing() {
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.POSTS_COLLECTED, "telegram:1",
                codec.write(post("1", "Вранці у Харкові пролунали вибухи, повідомляє міська влада #Харків @kharkiv_news", null)));
        probe.send(Topics.POSTS_COLLECTED, "junk", "<html>not json</html>".getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.POSTS_COLLECTED, "bad-id", "{\"schemaVersion\":1,\"platform\":\"x\",\"platformId\":\"1\",\"version\":1,\"collectedAt\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.POSTS_COLLECTED, "telegram:2",
                codec.write(post("2", "أفاد سكان المدينة بسماع دوي انفجارات قوية في الأحياء الشرقية صباح اليوم", "ar")));

        // Other tests share the broker: look only at this test's keys, in order. At-least-once: a record handed off but
        // not yet acknowledged when the consumers' start-up rebalance moved its partition is enriched again by the new
        // owner, so a key may come twice; the first copy of each is the one looked at.
        List<String> mine = List.of("telegram:1", "telegram:2");
        List<TopicProbe.Read> enriched = probe.readUntil(Topics.POSTS_ENRICHED,
                        r -> r.stream().filter(x -> mine.contains(x.key())).map(TopicProbe.Read::key).distinct().count() >= 2,
                        Duration.ofSeconds(30)).records()
                .stream().filter(x -> mine.contains(x.key()))
                .collect(java.util.stream.Collectors.toMap(TopicProbe.Read::key, x -> x, (first, again) -> first,
                        java.util.LinkedHashMap::new)).values().stream().toList();
        assertThat(enriched).extracting(TopicProbe.Read::key).containsExactly("telegram:1", "telegram:2");
        PostEnriched uk = codec.read(enriched.get(0).value(), PostEnriched.class);
        assertThat(uk.language().code()).isEqualTo("uk");
        assertThat(uk.hashtags()).containsExactly("харків");
        assertThat(uk.mentions()).containsExactly("kharkiv_news");
        assertThat(uk.post().media()).hasSize(1);
        assertThat(uk.enricher().name()).isEqualTo("enricher");
        PostEnriched ar = codec.read(enriched.get(1).value(), PostEnriched.class);
        assertThat(ar.language().code()).isEqualTo("ar");
        assertThat(ar.language().platformHint()).isEqualTo("ar");

        List<String> poison = List.of("junk", "bad-id");
        List<TopicProbe.Read> dead = probe.readUntil(Topics.DEAD_LETTER_ENRICHER,
                        r -> r.stream().filter(x -> poison.contains(x.key())).count() >= 2, Duration.ofSeconds(30)).records()
                .stream().filter(x -> poison.contains(x.key())).toList();
        assertThat(dead).extracting(TopicProbe.Read::key).containsExactly("junk", "bad-id");
        assertThat(dead.get(0).valueAsString()).as("original bytes kept").isEqualTo("<html>not json</html>");
        assertThat(dead.get(0).header("dead-letter-reason")).startsWith("not a valid PostCollected");
        assertThat(dead.get(1).header("dead-letter-reason")).contains("postId");
        assertThat(dead.get(0).header("dead-letter-topic")).isEqualTo(Topics.POSTS_COLLECTED);
    }

    @Test
    void aRecordTooLargeToDeadLetterWholeGoesCutShortWithItsHashAndPostsBehindItFlow() throws Exception {
        // The topic was configured to take large records; the enricher's dead-letter producer keeps its 1 MiB default.
        try (var admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.POSTS_COLLECTED), List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        byte[] huge = ("{\"text\":\"" + "Харків ".repeat(450_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(huge.length).isGreaterThan(EventCodec.MAX_EVENT_BYTES);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 0, "huge", huge)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 0, "telegram:after-huge", codec.write(post("after-huge",
                    "Після великого запису пости йдуть далі, повідомляє міська влада", null)))).get(30, TimeUnit.SECONDS);
        }
        TopicProbe probe = new TopicProbe(bootstrap);
        assertThat(probe.readUntil(Topics.POSTS_ENRICHED, r -> r.stream().anyMatch(x -> "telegram:after-huge".equals(x.key())),
                Duration.ofSeconds(60)).complete()).as("the post behind it is enriched").isTrue();
        TopicProbe.Read dead = probe.readUntil(Topics.DEAD_LETTER_ENRICHER, r -> r.stream().anyMatch(x -> "huge".equals(x.key())),
                Duration.ofSeconds(30)).records().stream().filter(x -> "huge".equals(x.key())).findFirst().orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("exceeds the " + EventCodec.MAX_EVENT_BYTES + " byte event limit");
        assertThat(dead.header("dead-letter-original-size")).isEqualTo(Integer.toString(huge.length));
        assertThat(dead.header("dead-letter-original-sha256")).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(huge)));
        assertThat(dead.header("dead-letter-topic")).isEqualTo(Topics.POSTS_COLLECTED);
        assertThat(dead.header("dead-letter-offset")).isNotBlank();
        assertThat(dead.value()).isEqualTo(Arrays.copyOf(huge, 64 * 1024));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void topicNamesMatchTheContracts() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.posts-collected.topic", String.class)).isEqualTo(Topics.POSTS_COLLECTED);
        assertThat(config.getValue("mp.messaging.outgoing.posts-enriched.topic", String.class)).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(config.getValue("mp.messaging.incoming.posts-collected.dead-letter-queue.topic", String.class)).isEqualTo(Topics.DEAD_LETTER_ENRICHER);
    }
}
