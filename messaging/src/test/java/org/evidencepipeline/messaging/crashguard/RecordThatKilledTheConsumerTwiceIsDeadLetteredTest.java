package org.evidencepipeline.messaging.crashguard;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record that really kills the JVM, among good ones: the consumer ({@link HaltingConsumer}, a child JVM with the
 * real guard and a real consumer on the embedded broker) is started three times on the same marker directory. The
 * first two starts die on it; the third dead-letters it with "crashed the consumer" and goes on; every good record
 * is processed and the group's offset moves past the end.
 */
class RecordThatKilledTheConsumerTwiceIsDeadLetteredTest {
    static final String INPUT = "crash.input.v1";
    static final String OUTPUT = "crash.output.v1";
    static final String DEAD_LETTERS = "crash.dead-letter.v1";
    static final String GROUP = "halting-consumer";

    static EmbeddedKafka kafka;

    @TempDir
    Path work;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.startInTempDir();
        kafka.createTopics(1, List.of(INPUT, OUTPUT, DEAD_LETTERS));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void recordThatKilledTheConsumerTwiceIsDeadLetteredOnTheThirdStartAndEveryGoodRecordIsProcessed() throws Exception {
        TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = i == 5 ? "rss:poison" : "rss:good-" + i;
            probe.send(INPUT, key, ("{\"postId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
            if (i != 5) {
                good.add(key);
            }
        }
        Path markers = work.resolve("crash-guard");

        Run first = run(markers, "first");
        assertThat(first.status()).as("first start dies on the poisoned record\n" + first.output()).isEqualTo(HaltingConsumer.HALT_STATUS);
        assertThat(first.output()).contains("halting on " + INPUT + "/0@5");
        assertThat(probe.readAll(DEAD_LETTERS)).isEmpty();

        Run second = run(markers, "second");
        assertThat(second.status()).as("second start dies on it again\n" + second.output()).isEqualTo(HaltingConsumer.HALT_STATUS);
        assertThat(second.output()).contains("halting on " + INPUT + "/0@5");
        assertThat(probe.readAll(DEAD_LETTERS)).isEmpty();

        Run third = run(markers, "third");
        assertThat(third.status()).as("third start survives\n" + third.output()).isZero();
        assertThat(third.output()).doesNotContain("halting on");

        List<TopicProbe.Read> dead = probe.readAll(DEAD_LETTERS);
        assertThat(dead).hasSize(1);
        TopicProbe.Read letter = dead.get(0);
        assertThat(letter.key()).isEqualTo("rss:poison");
        assertThat(letter.valueAsString()).as("original bytes").isEqualTo("{\"postId\":\"rss:poison\"}");
        assertThat(letter.header("dead-letter-reason")).isEqualTo("crashed the consumer");
        assertThat(letter.header(CrashedTheConsumerException.CRASH_COUNT_HEADER)).isEqualTo("2");
        assertThat(letter.header(CrashedTheConsumerException.FIRST_CRASH_HEADER)).isNotBlank();
        assertThat(letter.header("dead-letter-topic")).isEqualTo(INPUT);
        assertThat(letter.header("dead-letter-partition")).isEqualTo("0");
        assertThat(letter.header("dead-letter-offset")).isEqualTo("5");

        List<String> processed = probe.readAll(OUTPUT).stream().map(TopicProbe.Read::key).toList();
        assertThat(processed).as("every good record processed (some twice: at-least-once)").containsAll(good)
                .doesNotContain("rss:poison");
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(offsets.get(new TopicPartition(INPUT, 0)).offset()).as("offsets moved past every record").isEqualTo(10);
        }
        try (Stream<Path> files = Files.list(markers)) {
            assertThat(files.filter(f -> f.toString().endsWith(MarkerStore.CRASHED))).as("no crash marker left").isEmpty();
        }

        Run fourth = run(markers, "fourth");
        assertThat(fourth.status()).isZero();
        assertThat(probe.readAll(DEAD_LETTERS)).as("nothing more to do on a fourth start").hasSize(1);
    }

    record Run(int status, String output) {
    }

    private Run run(Path markers, String name) throws Exception {
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path"), HaltingConsumer.class.getName(),
                kafka.bootstrapServers(), INPUT, OUTPUT, DEAD_LETTERS, GROUP, markers.toString(), "rss:poison")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " start did not end: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
