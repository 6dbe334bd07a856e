package org.evidencepipeline.enricher.pipeline;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.messaging.crashguard.CrashGuard;
import org.evidencepipeline.messaging.crashguard.CrashedTheConsumerException;
import org.evidencepipeline.messaging.crashguard.RecordInHand;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running enricher started on a crash-guard directory in which two earlier processes died with the same record
 * in hand (the markers they left, written by the real guard): when that record arrives it goes to
 * {@code dead-letter.enricher.v1} byte for byte with "crashed the consumer" and the crash count instead of being
 * enriched, and the post behind it is enriched. (RecordThatKilledTheConsumerTwiceIsDeadLetteredTest in the messaging
 * module kills real JVMs; this shows the enricher's channel wired to the guard.)
 */
@QuarkusTest
@TestProfile(RecordThatCrashedTheEnricherTwiceIsDeadLetteredTest.LeftByTwoCrashes.class)
class RecordThatCrashedTheEnricherTwiceIsDeadLetteredTest {
    static final String KEY = "telegram:crashed-twice";
    static final byte[] RECORD = new EventCodec().write(EnrichProcessorTest.post("crashed-twice",
            "Цей запис двічі зупинив збагачувач, повідомляє міська влада", null));

    public static class LeftByTwoCrashes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("enricher-crash-guard");
                // A fresh broker: the first record on partition 0 is offset 0.
                RecordInHand record = RecordInHand.of(Topics.POSTS_COLLECTED, 0, 0, KEY, RECORD);
                for (int life = 0; life < 2; life++) {
                    CrashGuard died = new CrashGuard(dir, 2, Clock.systemUTC());
                    died.admit(record);
                    died.close();
                }
                // Two language models instead of 27: this profile is one more Quarkus start in the module's test JVM,
                // and the suite's heap (1536m) held one start too few with all of them (LanguageTaggerTest ran out).
                return Map.of("pipeline.crash-guard.dir", dir.toString(), "enricher.language.codes", "uk,ru",
                        "enricher.language.precise", "uk,ru");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class));
        }

        /** A broker of its own, so the offsets start at 0. */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    @Test
    void recordThatCrashedTheEnricherTwiceIsDeadLetteredAndThePostBehindItIsEnriched() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            long offset = producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 0, KEY, RECORD)).get(30, TimeUnit.SECONDS).offset();
            assertThat(offset).as("the offset the markers name").isZero();
            producer.send(new ProducerRecord<>(Topics.POSTS_COLLECTED, 0, "telegram:behind", new EventCodec().write(
                    EnrichProcessorTest.post("behind", "Після нього пости йдуть далі, повідомляє міська влада", null)))).get(30, TimeUnit.SECONDS);
        }
        TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
        TopicProbe.Result dead = probe.readUntil(Topics.DEAD_LETTER_ENRICHER, r -> r.stream().anyMatch(x -> KEY.equals(x.key())),
                Duration.ofSeconds(60));
        assertThat(dead.complete()).as("dead-lettered").isTrue();
        TopicProbe.Read letter = dead.records().stream().filter(x -> KEY.equals(x.key())).findFirst().orElseThrow();
        assertThat(letter.value()).as("original bytes").isEqualTo(RECORD);
        assertThat(letter.header("dead-letter-reason")).isEqualTo("crashed the consumer");
        assertThat(letter.header(CrashedTheConsumerException.CRASH_COUNT_HEADER)).isEqualTo("2");
        assertThat(letter.header("dead-letter-topic")).isEqualTo(Topics.POSTS_COLLECTED);
        assertThat(letter.header("dead-letter-offset")).isEqualTo("0");

        TopicProbe.Result enriched = probe.readUntil(Topics.POSTS_ENRICHED, r -> r.stream().anyMatch(x -> "telegram:behind".equals(x.key())),
                Duration.ofSeconds(60));
        assertThat(enriched.complete()).as("the post behind it is enriched").isTrue();
        assertThat(enriched.records()).extracting(TopicProbe.Read::key).doesNotContain(KEY);
    }
}
