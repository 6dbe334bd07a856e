package org.evidencepipeline.testsupport;

import org.evidencepipeline.embedded.EmbeddedKafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts a real embedded KRaft broker before a {@code @QuarkusTest} boots and points the Kafka
 * connector at it. Use with {@code @QuarkusTestResource(KafkaBrokerResource.class)}.
 * <p>
 * With the init arg {@link #SASL_MECHANISM} ({@code PLAIN} or {@code SCRAM-SHA-512}) the broker also opens a
 * SASL_SSL listener, and the service is given only that listener: {@code kafka.bootstrap.servers},
 * {@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config},
 * {@code kafka.ssl.truststore.location} and {@code kafka.ssl.truststore.type}, the settings a deployment passes as
 * {@code KAFKA_*} environment variables. Tests reach the same listener through {@link EmbeddedKafka#saslSsl()}.
 * With the init arg {@link #SASL_PASSWORD} as well, the service is given that password instead of the user's (the
 * broker still knows only the right one), to show what a service with wrong credentials does.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    /** Init arg: connect the service over SASL_SSL with this mechanism. */
    public static final String SASL_MECHANISM = "sasl.mechanism";
    /** Init arg, with {@link #SASL_MECHANISM}: give the service this password for {@link #SASL_USER} instead of the right one. */
    public static final String SASL_PASSWORD = "sasl.password";
    /** The one user the SASL_SSL listener knows. */
    public static final EmbeddedKafka.SaslSsl SASL_USER = new EmbeddedKafka.SaslSsl("evidence-pipeline", "test-only-kafka-password");

    private String saslMechanism;
    private String saslPassword;
    private EmbeddedKafka kafka;

    @Override
    public void init(Map<String, String> initArgs) {
        saslMechanism = initArgs.get(SASL_MECHANISM);
        saslPassword = initArgs.getOrDefault(SASL_PASSWORD, SASL_USER.password());
    }

    @Override
    public Map<String, String> start() {
        if (saslMechanism == null) {
            kafka = EmbeddedKafka.startInTempDir();
            return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
        }
        kafka = EmbeddedKafka.startInTempDir(SASL_USER);
        Map<String, String> config = new HashMap<>();
        kafka.saslSsl().clientSettings(saslMechanism, SASL_USER.username(), saslPassword).forEach((k, v) -> config.put("kafka." + k, v));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(kafka, new TestInjector.MatchesType(EmbeddedKafka.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
