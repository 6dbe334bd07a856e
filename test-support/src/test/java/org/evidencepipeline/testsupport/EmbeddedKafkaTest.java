package org.evidencepipeline.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaTest {
    @Test
    void recordsSurviveABrokerRestart(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(2, List.of("probe.v1"));
            TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
            probe.send("probe.v1", "k1", "привіт".getBytes(StandardCharsets.UTF_8));

            kafka.restart();
            probe.send("probe.v1", "k2", "second".getBytes(StandardCharsets.UTF_8));

            List<TopicProbe.Read> all = probe.readAll("probe.v1");
            assertThat(all).extracting(TopicProbe.Read::key).containsExactlyInAnyOrder("k1", "k2");
            assertThat(all).extracting(TopicProbe.Read::valueAsString).contains("привіт");
        }
    }
}
