package org.evidencepipeline.embedded;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain Kafka clients against the broker's SASL_SSL listener: the right user gets through, wrong ones do not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKafkaSaslSslTest {
    private EmbeddedKafka kafka;
    private EmbeddedKafka.SaslSslListener listener;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.startInTempDir(new EmbeddedKafka.SaslSsl("evidence-pipeline", "s3cret-for-tests"));
        listener = kafka.saslSsl();
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {EmbeddedKafka.PLAIN, EmbeddedKafka.SCRAM_SHA_512})
    void theConfiguredUserProducesAndConsumesOverSaslSsl(String mechanism) throws Exception {
        String topic = "sasl-ssl." + mechanism.toLowerCase() + ".v1";
        PlainClients.send(listener.clientSettings(mechanism), topic, "k1", "привіт");

        assertThat(PlainClients.read(listener.clientSettings(mechanism), topic, 1, Duration.ofSeconds(20)))
                .containsExactly(Map.entry("k1", "привіт"));
    }

    @ParameterizedTest
    @ValueSource(strings = {EmbeddedKafka.PLAIN, EmbeddedKafka.SCRAM_SHA_512})
    void aWrongPasswordIsRefusedWithAnAuthenticationError(String mechanism) {
        Throwable failure = sendFailure(listener.clientSettings(mechanism, listener.username(), "not-the-password"));
        assertThat(failure).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void anUnknownUserIsRefusedWithAnAuthenticationError() {
        Throwable failure = sendFailure(listener.clientSettings(EmbeddedKafka.PLAIN, "somebody-else", listener.password()));
        assertThat(failure).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheBrokerCertificateCannotConnect() {
        Map<String, String> untrusting = new HashMap<>(listener.clientSettings(EmbeddedKafka.PLAIN));
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.type");
        // With the JDK's default trust store the self-signed certificate fails the TLS handshake, before any SASL exchange.
        assertThat(sendFailure(untrusting)).isInstanceOf(SslAuthenticationException.class);
    }

    /** Sends one record with these client settings and returns why it failed (null if it did not). */
    private static Throwable sendFailure(Map<String, String> settings) {
        try (KafkaProducer<String, String> producer = PlainClients.producer(settings)) {
            producer.send(new ProducerRecord<>("sasl-ssl.refused.v1", "k", "v")).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }
}
