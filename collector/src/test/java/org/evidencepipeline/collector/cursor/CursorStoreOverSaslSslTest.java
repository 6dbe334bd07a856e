package org.evidencepipeline.collector.cursor;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cursor store's own Kafka clients (admin, producer, reader) take the TLS and SASL settings from the service's
 * Kafka configuration, so the collector keeps its cursors on a broker that only lets authenticated clients in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CursorStoreOverSaslSslTest {
    private static final String SOURCE = "rss:sasl-ssl-source";

    private EmbeddedKafka kafka;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.startInTempDir(new EmbeddedKafka.SaslSsl("collector", "cursor-test-password"));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The service's Kafka configuration as Quarkus hands it to CursorStore: the kafka.* settings without the prefix. */
    private static Map<String, Object> serviceKafkaConfig(Map<String, String> clientSettings) {
        return new HashMap<>(clientSettings);
    }

    @Test
    void cursorsAreSavedAndReadBackOverSaslSsl() {
        Map<String, Object> config = serviceKafkaConfig(kafka.saslSsl().clientSettings(EmbeddedKafka.SCRAM_SHA_512));
        SourceCursor saved = SourceCursor.empty(SOURCE).advance("\"etag-1\"", null, "page-2",
                Map.of("rss:post-1", new SourceCursor.Seen("a".repeat(64), 1)), 100, Instant.parse("2026-11-26T05:00:00Z"));
        try (CursorStore store = new CursorStore(config, Topics.COLLECTOR_CURSORS)) {
            store.load();
            store.save(saved);
        }
        try (CursorStore restarted = new CursorStore(config, Topics.COLLECTOR_CURSORS)) {
            restarted.load();
            assertThat(restarted.get(SOURCE)).isEqualTo(saved);
        }
    }

    @Test
    void aWrongPasswordStopsTheCursorStoreWithAnAuthenticationError() {
        Map<String, Object> config = serviceKafkaConfig(
                kafka.saslSsl().clientSettings(EmbeddedKafka.SCRAM_SHA_512, "collector", "wrong-password"));
        try (CursorStore store = new CursorStore(config, Topics.COLLECTOR_CURSORS)) {
            assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class)
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
