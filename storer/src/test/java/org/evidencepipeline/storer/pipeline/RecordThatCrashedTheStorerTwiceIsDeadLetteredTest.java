package org.evidencepipeline.storer.pipeline;

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
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.S3ServerResource;
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
 * The running storer started on a crash-guard directory in which two earlier processes died with the same record in
 * hand (markers written by the real guard): that record goes to {@code dead-letter.storer.v1} byte for byte with
 * "crashed the consumer" and the crash count instead of being archived, and the post behind it is archived.
 */
@QuarkusTest
@TestProfile(RecordThatCrashedTheStorerTwiceIsDeadLetteredTest.LeftByTwoCrashes.class)
class RecordThatCrashedTheStorerTwiceIsDeadLetteredTest {
    static final String KEY = "rss:crashed-twice";
    static final byte[] RECORD = new EventCodec().write(TestPosts.post("crashed-twice", "kharkiv", List.of()));

    public static class LeftByTwoCrashes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("storer-crash-guard");
                // A fresh broker: the first record on partition 0 is offset 0.
                RecordInHand record = RecordInHand.of(Topics.POSTS_ENRICHED, 0, 0, KEY, RECORD);
                for (int life = 0; life < 2; life++) {
                    CrashGuard died = new CrashGuard(dir, 2, Clock.systemUTC());
                    died.admit(record);
                    died.close();
                }
                return Map.of("pipeline.crash-guard.dir", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class), new TestResourceEntry(S3ServerResource.class));
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
    void recordThatCrashedTheStorerTwiceIsDeadLetteredAndThePostBehindItIsArchived() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            long offset = producer.send(new ProducerRecord<>(Topics.POSTS_ENRICHED, 0, KEY, RECORD)).get(30, TimeUnit.SECONDS).offset();
            assertThat(offset).as("the offset the markers name").isZero();
            producer.send(new ProducerRecord<>(Topics.POSTS_ENRICHED, 0, "rss:behind",
                    new EventCodec().write(TestPosts.post("behind", "kharkiv", List.of())))).get(30, TimeUnit.SECONDS);
        }
        TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
        TopicProbe.Result dead = probe.readUntil(Topics.DEAD_LETTER_STORER, r -> r.stream().anyMatch(x -> KEY.equals(x.key())),
                Duration.ofSeconds(60));
        assertThat(dead.complete()).as("dead-lettered").isTrue();
        TopicProbe.Read letter = dead.records().stream().filter(x -> KEY.equals(x.key())).findFirst().orElseThrow();
        assertThat(letter.value()).as("original bytes").isEqualTo(RECORD);
        assertThat(letter.header("dead-letter-reason")).isEqualTo("crashed the consumer");
        assertThat(letter.header(CrashedTheConsumerException.CRASH_COUNT_HEADER)).isEqualTo("2");
        assertThat(letter.header("dead-letter-topic")).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(letter.header("dead-letter-offset")).isEqualTo("0");

        TopicProbe.Result archived = probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> "rss:behind".equals(x.key())),
                Duration.ofSeconds(60));
        assertThat(archived.complete()).as("the post behind it is archived").isTrue();
        assertThat(archived.records()).extracting(TopicProbe.Read::key).doesNotContain(KEY);
    }
}
