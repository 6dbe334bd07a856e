package org.evidencepipeline.reliability;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One partition of {@code posts.collected.v1} and one of {@code posts.enriched.v1} filled with garbage and
 * wrong-schema records among valid posts: each poison record goes byte for byte to its stage's dead-letter
 * topic with a reason, every valid post around it is archived, and the services keep running. Then a record
 * larger than the 4 MiB event limit, on a topic configured to accept it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonRecordsIT {
    static ReliabilityPipeline rp;
    static final EventCodec CODEC = new EventCodec();

    @BeforeAll
    static void start() {
        rp = new ReliabilityPipeline("poison-records");
        rp.server().serve("/media/poison/photo.jpg", GeneratedFeed.image(new Random(7), "jpg"), "image/jpeg");
        rp.start(Mode.with(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (rp != null) {
            rp.close();
        }
    }

    /** Garbage and wrong-schema payloads, each with what makes it poison. */
    static Map<String, byte[]> poison(String topicShort) {
        Map<String, byte[]> p = new LinkedHashMap<>();
        byte[] random = new byte[2048];
        new Random(42).nextBytes(random);
        p.put("binary", random);
        p.put("html", "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));
        p.put("empty", new byte[0]);
        p.put("tombstone", null);
        p.put("json-null", "null".getBytes(StandardCharsets.UTF_8));
        p.put("json-array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        p.put("json-string", "\"posts.collected.v1\"".getBytes(StandardCharsets.UTF_8));
        p.put("other-schema", "{\"hello\":\"world\",\"schemaVersion\":7}".getBytes(StandardCharsets.UTF_8));
        p.put("missing-fields", "{\"schemaVersion\":1,\"postId\":\"rss:x\"}".getBytes(StandardCharsets.UTF_8));
        p.put("wrong-types", ("{\"schemaVersion\":1,\"postId\":\"rss:y\",\"platform\":\"rss\",\"platformId\":\"y\",\"version\":\"one\","
                + "\"collectedAt\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8));
        p.put("deep-nesting", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        p.put("invalid-utf8", new byte[]{'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'});
        byte[] valid = topicShort.equals("collected") ? CODEC.write(collected("poison-template", "x")) : CODEC.write(enriched("poison-template", "x"));
        p.put("truncated", java.util.Arrays.copyOf(valid, valid.length / 2));
        return p;
    }

    static PostCollected collected(String id, String mediaUrl) {
        return new PostCollected(1, "rss:" + id, "rss", id, 1, "poison-injector", List.of("poison-records"),
                "https://kharkiv.example.org/news/" + id, null, "Харків: новини", "Вночі над Харковом працювала ППО, пошкоджено житловий будинок",
                "uk", Instant.parse("2026-11-20T05:00:00Z"), Instant.parse("2026-11-20T05:01:00Z"),
                List.of(new MediaRef(mediaUrl, "image/jpeg", null)), null, "0".repeat(64), new ToolInfo("collector", "test", "x"));
    }

    static PostEnriched enriched(String id, String mediaUrl) {
        return new PostEnriched(1, collected(id, mediaUrl), new LanguageTag("uk", 0.9, "ru", "uk", "lingua"), List.of(), List.of(), List.of(),
                Map.of(), "1".repeat(64), "00000000000000ff", Instant.parse("2026-11-20T05:01:01Z"), new ToolInfo("enricher", "test", "y"));
    }

    @Test
    @Order(1)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void poisonAmongValidPostsIsDeadLetteredAndTheValidPostsAreArchived() throws Exception {
        String media = rp.server().url("/media/poison/photo.jpg");
        List<String> validIds = new ArrayList<>();
        Map<String, byte[]> poisonCollected = poison("collected");
        Map<String, byte[]> poisonEnriched = poison("enriched");
        long started = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = producer(rp.pipeline().bootstrapServers(), 1024 * 1024)) {
            int i = 0;
            List<String> collectedKinds = new ArrayList<>(poisonCollected.keySet());
            List<String> enrichedKinds = new ArrayList<>(poisonEnriched.keySet());
            for (int n = 0; n < 30; n++) {
                String id = "poison-valid-" + n;
                validIds.add("rss:" + id);
                // Valid posts enter both ways: through the enricher, and straight onto the storer's input.
                if (n % 2 == 0) {
                    producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 0, "rss:" + id, CODEC.write(collected(id, media)))).get();
                } else {
                    producer.send(new ProducerRecord<>(Topics.POSTS_ENRICHED, 0, "rss:" + id, CODEC.write(enriched(id, media)))).get();
                }
                if (i < collectedKinds.size()) {
                    String kind = collectedKinds.get(i);
                    producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 0, "poison:collected:" + kind, poisonCollected.get(kind))).get();
                }
                if (i < enrichedKinds.size()) {
                    String kind = enrichedKinds.get(i);
                    producer.send(new ProducerRecord<>(Topics.POSTS_ENRICHED, 0, "poison:enriched:" + kind, poisonEnriched.get(kind))).get();
                }
                i++;
            }
        }
        Set<String> ids = Set.copyOf(validIds);
        boolean complete = ReliabilityPipeline.await(() -> rp.archivedIds("poison-records").containsAll(ids)
                && deadLetterKeys(Topics.DEAD_LETTER_ENRICHER, "poison:collected:").size() == poisonCollected.size()
                && deadLetterKeys(Topics.DEAD_LETTER_STORER, "poison:enriched:").size() == poisonEnriched.size(), Duration.ofSeconds(120));
        long allAt = rp.allArchivedAt(ids);

        // Figures for the posts that came in through the collector's topic (the others never were "collected");
        // the global checks cover every record on both topics.
        List<String> viaCollected = validIds.stream().filter(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 2 == 0).toList();
        InvariantChecker.Report report = rp.checker().check(viaCollected, List.of("poison-records"));
        Map<String, String> times = new LinkedHashMap<>();
        times.put("poison records", poisonCollected.size() + " on posts.collected.v1 + " + poisonEnriched.size() + " on posts.enriched.v1, partition 0");
        times.put("all valid archived", Figures.seconds(allAt < 0 ? -1 : allAt - started) + " after the first record was sent");
        times.put("valid posts straight onto posts.enriched.v1", (validIds.size() - viaCollected.size()) + ", all archived: "
                + rp.archivedIds("poison-records").containsAll(ids));
        Figures.record("poison-records", "garbage and wrong-schema records among 30 valid posts", report, times);

        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(complete).as("valid posts archived, every poison record dead-lettered").isTrue();
        assertThat(deadLetterKeys(Topics.DEAD_LETTER_ENRICHER, "poison:collected:")).containsExactlyInAnyOrderElementsOf(
                poisonCollected.keySet().stream().map(k -> "poison:collected:" + k).toList());
        assertThat(deadLetterKeys(Topics.DEAD_LETTER_STORER, "poison:enriched:")).containsExactlyInAnyOrderElementsOf(
                poisonEnriched.keySet().stream().map(k -> "poison:enriched:" + k).toList());
        // Byte for byte, with a reason.
        for (TopicProbe.Read dead : rp.probe().readAll(Topics.DEAD_LETTER_ENRICHER)) {
            if (dead.key() != null && dead.key().startsWith("poison:collected:")) {
                String kind = dead.key().substring("poison:collected:".length());
                assertThat(dead.value()).as(kind).isEqualTo(poisonCollected.get(kind));
                assertThat(dead.header("dead-letter-reason")).as(kind).isNotBlank();
            }
        }
        for (TopicProbe.Read dead : rp.probe().readAll(Topics.DEAD_LETTER_STORER)) {
            if (dead.key() != null && dead.key().startsWith("poison:enriched:")) {
                String kind = dead.key().substring("poison:enriched:".length());
                assertThat(dead.value()).as(kind).isEqualTo(poisonEnriched.get(kind));
                assertThat(dead.header("dead-letter-reason")).as(kind).isNotBlank();
            }
        }
        assertThat(rp.serviceHealth()).allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRecordOverTheEventLimitIsDeadLetteredAndPostsBehindItFlow() throws Exception {
        // An operator let the topic take large records (the broker default is 1 MiB); the enricher must still refuse
        // what is over the 4 MiB event limit without stalling the partition.
        int size = EventCodec.MAX_EVENT_BYTES + 512 * 1024;
        try (var admin = rp.pipeline().kafka().admin()) {
            for (String topic : List.of(Topics.POSTS_COLLECTED)) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024)), AlterConfigOp.OpType.SET))))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        StringBuilder text = new StringBuilder();
        Random random = new Random(3);
        while (text.length() < size) {
            text.append(Integer.toHexString(random.nextInt())).append(' ');
        }
        PostCollected huge = new PostCollected(1, "rss:huge", "rss", "huge", 1, "poison-injector", List.of("poison-records"), null, null,
                "Huge", text.toString(), null, null, Instant.now(), List.of(), null, "0".repeat(64), new ToolInfo("collector", "test", "x"));
        byte[] hugeBytes = CODEC.write(huge);
        assertThat(hugeBytes.length).isGreaterThan(EventCodec.MAX_EVENT_BYTES);
        String media = rp.server().url("/media/poison/photo.jpg");
        try (KafkaProducer<String, byte[]> producer = producer(rp.pipeline().bootstrapServers(), 16 * 1024 * 1024)) {
            producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 1, "rss:huge", hugeBytes)).get();
            producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 1, "rss:after-huge", CODEC.write(collected("after-huge", media)))).get();
        }
        boolean flowed = ReliabilityPipeline.await(() -> rp.archivedIds("poison-records").contains("rss:after-huge"), Duration.ofSeconds(90));
        List<TopicProbe.Read> dead = rp.probe().readAll(Topics.DEAD_LETTER_ENRICHER).stream().filter(r -> "rss:huge".equals(r.key())).toList();
        InvariantChecker.Report report = rp.checker().check(List.of("rss:huge", "rss:after-huge"), List.of("poison-records"));
        Figures.record("oversized-record", "a " + hugeBytes.length + "-byte post on posts.collected.v1 (limit " + EventCodec.MAX_EVENT_BYTES + ")",
                report, Map.of("dead letters for it", Integer.toString(dead.size())));

        assertThat(rp.serviceHealth()).as("the enricher keeps running").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
        assertThat(flowed).as("the post behind the oversized record is archived").isTrue();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).header("dead-letter-reason")).contains("exceeds the " + EventCodec.MAX_EVENT_BYTES + " byte event limit");
        assertThat(dead.get(0).header("dead-letter-original-size")).isEqualTo(Integer.toString(hugeBytes.length));
        assertThat(dead.get(0).header("dead-letter-original-sha256")).isEqualTo(InvariantChecker.sha256(hugeBytes));
        assertThat(report.problems()).as(report.summary()).isEmpty();
    }

    private static Set<String> deadLetterKeys(String topic, String prefix) {
        return rp.follower().arrivals(topic, r -> r.key() != null && r.key().startsWith(prefix)).stream().map(a -> a.read().key())
                .collect(Collectors.toSet());
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int maxRequest) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequest));
        return new KafkaProducer<>(p);
    }

}
