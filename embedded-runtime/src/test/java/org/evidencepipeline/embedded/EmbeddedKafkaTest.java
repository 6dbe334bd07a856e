package org.evidencepipeline.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaTest {
    @Test
    void recordsSurviveABrokerRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(2, List.of("probe.v1"));
            Map<String, String> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            PlainClients.send(client, "probe.v1", "k1", "привіт");

            kafka.restart();
            PlainClients.send(client, "probe.v1", "k2", "second");

            assertThat(PlainClients.read(client, "probe.v1", 2, Duration.ofSeconds(30)))
                    .containsOnly(Map.entry("k1", "привіт"), Map.entry("k2", "second"));
        }
    }
}
