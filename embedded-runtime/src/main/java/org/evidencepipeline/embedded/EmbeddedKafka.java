package org.evidencepipeline.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), running in this JVM.
 * Log data lives under {@code dataDir}, so {@link #restart()} keeps every record and committed offset. Flushing to
 * disk is left to the OS, as on a production broker (which relies on replication, not on per-message fsync).
 * <p>
 * By default clients connect over PLAINTEXT ({@link #bootstrapServers()}). Started with a {@link SaslSsl} option,
 * the broker also opens a SASL_SSL listener ({@link #saslSsl()}): TLS with a freshly generated self-signed
 * certificate, SASL PLAIN and SCRAM-SHA-512 for the one configured user. The controller listener, the
 * inter-broker listener and the PLAINTEXT client listener (which the test's own {@link #admin()} uses) stay on
 * loopback without security.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** SASL mechanisms the SASL_SSL listener accepts. */
    public static final String PLAIN = "PLAIN";
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

    private static final String SASL_SSL_PREFIX = "listener.name.sasl_ssl.";
    private static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Opt-in: open a SASL_SSL listener that knows exactly one user. Letters, digits, '.', '_' and '-' only, so the
     * credentials go into JAAS and SCRAM settings unquoted.
     */
    public record SaslSsl(String username, String password) {
        public SaslSsl {
            if (username == null || !CREDENTIAL.matcher(username).matches()
                    || password == null || !CREDENTIAL.matcher(password).matches()) {
                throw new IllegalArgumentException("SASL username and password must match " + CREDENTIAL.pattern());
            }
        }
    }

    /**
     * What a client needs to reach the SASL_SSL listener: its address, the PEM file of the certificate to trust
     * (the broker's self-signed certificate) and the user's credentials.
     */
    public record SaslSslListener(String bootstrapServers, Path truststorePem, String username, String password) {
        /** Kafka client settings (bootstrap, security protocol, SASL, PEM trust store) for the configured user. */
        public Map<String, String> clientSettings(String mechanism) {
            return clientSettings(mechanism, username, password);
        }

        /** The same settings with other credentials, e.g. to show that a wrong password is refused. */
        public Map<String, String> clientSettings(String mechanism, String username, String password) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("bootstrap.servers", bootstrapServers);
            settings.put("security.protocol", "SASL_SSL");
            settings.put("sasl.mechanism", mechanism);
            settings.put("sasl.jaas.config", loginModule(mechanism) + " required username=\"" + username
                    + "\" password=\"" + password + "\";");
            settings.put("ssl.truststore.location", truststorePem.toString());
            settings.put("ssl.truststore.type", "PEM");
            return settings;
        }

        private static String loginModule(String mechanism) {
            return switch (mechanism) {
                case PLAIN -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                case SCRAM_SHA_512 -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                default -> throw new IllegalArgumentException("the embedded broker offers PLAIN and SCRAM-SHA-512, not " + mechanism);
            };
        }
    }

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    /** Null unless started with {@link SaslSsl}; then the port, certificate and trust store stay the same across restarts. */
    private final SaslSsl saslSsl;
    private final int saslSslPort;
    private final SelfSignedCertificate certificate;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort, int saslSslPort, String clusterId, SaslSsl saslSsl) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.saslSsl = saslSsl;
        this.saslSslPort = saslSsl == null ? -1 : saslSslPort;
        this.certificate = saslSsl == null ? null : SelfSignedCertificate.generate();
    }

    /** Formats a fresh log directory under {@code dataDir} and starts the broker on free ports. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, null);
    }

    /**
     * As {@link #start(Path)}, with a SASL_SSL listener for {@code saslSsl}'s user as well (null: PLAINTEXT only).
     */
    public static EmbeddedKafka start(Path dataDir, SaslSsl saslSsl) {
        int[] ports = FreePorts.distinct(3); // broker, controller, SASL_SSL: the broker refuses two listeners on one port
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, ports[0], ports[1], ports[2], Uuid.randomUuid().toString(), saslSsl);
        kafka.format();
        kafka.startServer();
        return kafka;
    }

    /** Starts a broker in a fresh temporary directory. */
    public static EmbeddedKafka startInTempDir() {
        return startInTempDir(null);
    }

    /** Starts a broker in a fresh temporary directory, with a SASL_SSL listener for {@code saslSsl}'s user (null: none). */
    public static EmbeddedKafka startInTempDir(SaslSsl saslSsl) {
        try {
            return start(Files.createTempDirectory("embedded-kafka"), saslSsl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The SASL_SSL listener; only for a broker started with {@link SaslSsl}. */
    public SaslSslListener saslSsl() {
        if (saslSsl == null) {
            throw new IllegalStateException("this broker was started without a SASL_SSL listener");
        }
        return new SaslSslListener("localhost:" + saslSslPort, truststorePem(), saslSsl.username(), saslSsl.password());
    }

    /** Creates topics (idempotently) with the given partition count, replication factor 1. */
    public void createTopics(int partitions, Collection<String> topics) {
        createTopics(partitions, topics, Map.of());
    }

    public void createTopics(int partitions, Collection<String> topics, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(topicConfig)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics, e);
        }
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(p);
    }

    /** Stops and starts the broker on the same ports with the same data, as an operator restart would. */
    public void restart() {
        stopServer();
        startServer();
    }

    public void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stopServer();
    }

    private Path propertiesFile() {
        return dataDir.resolve("server.properties");
    }

    private Path truststorePem() {
        return dataDir.resolve("tls").resolve("ca.pem");
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (saslSsl != null) {
            addSaslSslListener(p);
        }
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        // No log.flush.interval.messages: like a production broker, this one leaves flushing to the OS. An
        // acknowledged record is in the page cache, which a killed process (kill -9 of the demo, a test's restart)
        // does not lose; only a machine crash can lose its last seconds. A flush per message cost every awaited
        // send 6 to 14 ms on a loaded machine and capped raw produce at ~2,000 records/s (BENCHMARKS.md).
        return p;
    }

    /**
     * The SASL_SSL listener: the server certificate and its unencrypted key inline as PEM, PLAIN users from the JAAS
     * line ({@code user_<name>="<password>"}), SCRAM-SHA-512 credentials from the cluster metadata (added at format).
     */
    private void addSaslSslListener(Properties p) {
        String endpoint = "SASL_SSL://localhost:" + saslSslPort;
        p.put("listeners", p.getProperty("listeners") + "," + endpoint);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + endpoint);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
        p.put(SASL_SSL_PREFIX + "ssl.keystore.type", "PEM");
        p.put(SASL_SSL_PREFIX + "ssl.keystore.certificate.chain", certificate.certificatePem());
        p.put(SASL_SSL_PREFIX + "ssl.keystore.key", certificate.privateKeyPem());
        p.put(SASL_SSL_PREFIX + "sasl.enabled.mechanisms", PLAIN + "," + SCRAM_SHA_512);
        p.put(SASL_SSL_PREFIX + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                + saslSsl.username() + "=\"" + saslSsl.password() + "\";");
        p.put(SASL_SSL_PREFIX + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }

    private void format() {
        try {
            Files.createDirectories(dataDir);
            if (saslSsl != null) {
                Files.createDirectories(truststorePem().getParent());
                Files.writeString(truststorePem(), certificate.certificatePem(), StandardCharsets.US_ASCII);
            }
            try (var out = Files.newBufferedWriter(propertiesFile())) {
                config().store(out, "embedded KRaft broker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", propertiesFile().toString(), "--ignore-formatted"));
        if (saslSsl != null) {
            args.addAll(List.of("--add-scram", SCRAM_SHA_512 + "=[name=" + saslSsl.username() + ",password=" + saslSsl.password() + "]"));
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(buffer, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): " + buffer.toString(StandardCharsets.UTF_8));
        }
    }

    private void startServer() {
        if (saslSsl != null) {
            installKafkaSaslProviders();
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config(), false), Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    /**
     * Kafka's SASL mechanisms (its PLAIN server, SCRAM and OAUTHBEARER) are JCA providers that Kafka registers JVM-wide
     * once, by name, and JCA loads their factories from the registering class loader. Each {@code @QuarkusTest} profile
     * restart loads Kafka again in a new class loader, which cannot replace the providers already registered: a later
     * broker then gets SASL servers from the first class loader, whose callbacks its own callback handlers do not
     * recognise, and refuses every SCRAM login ("invalid credentials"). So the broker re-registers this class loader's
     * providers before it starts (the clients' side is unaffected: a SCRAM client tolerates an unrecognised
     * extensions callback, and the PLAIN client is the JDK's).
     */
    private static synchronized void installKafkaSaslProviders() {
        ClassLoader ours = org.apache.kafka.common.security.scram.internals.ScramSaslServerProvider.class.getClassLoader();
        for (java.security.Provider provider : java.security.Security.getProviders()) {
            if (provider.getClass().getName().startsWith("org.apache.kafka.") && provider.getClass().getClassLoader() != ours) {
                java.security.Security.removeProvider(provider.getName());
            }
        }
        org.apache.kafka.common.security.plain.internals.PlainSaslServerProvider.initialize();
        org.apache.kafka.common.security.scram.internals.ScramSaslServerProvider.initialize();
        org.apache.kafka.common.security.scram.internals.ScramSaslClientProvider.initialize();
        org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslServerProvider.initialize();
        org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslClientProvider.initialize();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = new IllegalStateException(e);
            }
            Pause.millis(100);
        }
        throw new IllegalStateException("embedded Kafka did not become ready within 60 s", last);
    }
}
