package org.evidencepipeline.local;

import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.EmbeddedKafka;
import org.evidencepipeline.testsupport.FreePorts;
import org.evidencepipeline.testsupport.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole pipeline on one machine: a real KRaft broker, a real S3 server (S3Proxy, filesystem backend)
 * and collector, enricher and storer as separate JVMs with bounded heaps. Everything lives under one data
 * directory. Used by {@code ./pipeline} and by the end-to-end tests.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final String BUCKET = "evidence-archive";
    public static final List<String> TOPICS = List.of(Topics.POSTS_COLLECTED, Topics.POSTS_ENRICHED, Topics.POSTS_ARCHIVED,
            Topics.DEAD_LETTER_COLLECTOR, Topics.DEAD_LETTER_ENRICHER, Topics.DEAD_LETTER_STORER);

    /**
     * Where the services' builds are and what to give them.
     *
     * @param properties extra configuration per service name ({@code "storer" -> {"storer.s3.retry-for": "2m"}})
     * @param apiToken   the bearer token every service's REST API asks for ({@code pipeline.api.token}); null
     *                   picks a random one per run (see {@link #apiToken()})
     */
    public record Settings(Path home, Path dataDir, Path collectionsFile, List<String> allowCidrs, int partitions,
                           Map<String, String> heaps, Map<String, Map<String, String>> properties, String apiToken) {
        public Settings {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        public Settings(Path home, Path dataDir, Path collectionsFile, List<String> allowCidrs, int partitions,
                        Map<String, String> heaps) {
            this(home, dataDir, collectionsFile, allowCidrs, partitions, heaps, Map.of(), null);
        }

        public static Map<String, String> defaultHeaps() {
            return Map.of("collector", "160m", "enricher", "512m", "storer", "192m");
        }
    }

    private final Settings settings;
    private final Consumer<String> say;
    private final String apiToken;
    private EmbeddedKafka kafka;
    private S3ProxyServer s3;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    public LocalPipeline(Settings settings, Consumer<String> say) {
        this.settings = settings;
        this.say = say;
        this.apiToken = settings.apiToken() != null ? settings.apiToken() : randomToken();
    }

    /** The bearer token the services' REST APIs ask for: {@code Authorization: Bearer <token>}. */
    public String apiToken() {
        return apiToken;
    }

    /** Where the API token is written for the user (owner-only file), never printed: {@code <data-dir>/api-token}. */
    public Path apiTokenFile() {
        return settings.dataDir().resolve("api-token");
    }

    private void writeApiToken() {
        try {
            Path file = apiTokenFile();
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, apiToken + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + apiTokenFile(), e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public void start() {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeApiToken();
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.start(settings.dataDir().resolve("kafka"));
        kafka.createTopics(settings.partitions(), TOPICS);
        say.accept("Kafka (KRaft) broker up at " + kafka.bootstrapServers() + " in " + millis(t0) + " ms");
        long t1 = System.nanoTime();
        s3 = S3ProxyServer.start(settings.dataDir().resolve("s3"));
        say.accept("S3 server (S3Proxy) up at " + s3.endpoint() + " in " + millis(t1) + " ms");
        for (String name : List.of("storer", "enricher", "collector")) {
            ServiceProcess service = service(name);
            services.put(name, service);
            service.start();
        }
        for (ServiceProcess service : services.values()) {
            long t = System.nanoTime();
            service.awaitStarted(Duration.ofSeconds(90));
            say.accept(service.name() + " up at " + service.url() + " (pid " + service.pid() + ", heap -Xmx"
                    + settings.heaps().get(service.name()) + ") in " + millis(t) + " ms");
        }
    }

    private ServiceProcess service(String name) {
        Map<String, String> props = new LinkedHashMap<>();
        // Secrets go in the environment, never on the command line where any local user can read them.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PIPELINE_API_TOKEN", apiToken);
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        // No OTLP collector here: spans are not sampled, so nothing is exported, but trace ids are still created,
        // propagated through Kafka and recorded in provenance. (The exporter itself is fixed at build time.)
        props.put("quarkus.otel.traces.sampler.arg", "0");
        switch (name) {
            case "collector" -> {
                props.put("collector.collections-file", settings.collectionsFile().toString());
                props.put("collector.initial-delay", "1s");
                if (!settings.allowCidrs().isEmpty()) { // one allow-list for every fetching stage
                    props.put("collector.http.allow-cidrs", String.join(",", settings.allowCidrs()));
                }
            }
            case "enricher" -> {
                if (!settings.allowCidrs().isEmpty()) {
                    props.put("enricher.links.allow-cidrs", String.join(",", settings.allowCidrs()));
                }
            }
            case "storer" -> {
                props.put("storer.s3.endpoint", s3.endpoint());
                env.put("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
                env.put("STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
                props.put("storer.s3.bucket", BUCKET);
                props.put("storer.download.temp-dir", settings.dataDir().resolve("tmp").toString());
                if (!settings.allowCidrs().isEmpty()) {
                    props.put("storer.download.allow-cidrs", String.join(",", settings.allowCidrs()));
                }
            }
            default -> {
            }
        }
        props.putAll(settings.properties().getOrDefault(name, Map.of()));
        Path jar = settings.home().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        return new ServiceProcess(name, jar, settings.heaps().get(name), FreePorts.next(), props, env,
                settings.dataDir().resolve("logs").resolve(name + ".log"));
    }

    /** Kills the service without warning (kill -9), as a crash or an OOM kill would; {@link #start(String)} brings it back. */
    public void kill(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        service.kill();
    }

    /** Starts a fresh process of the service (new JVM, new port, same data and log file) and waits until it is live. */
    public ServiceProcess start(String name) {
        ServiceProcess old = services.get(name);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + old.pid() + ")");
        }
        ServiceProcess fresh = service(name);
        services.put(name, fresh);
        long t = System.nanoTime();
        fresh.start();
        fresh.awaitStarted(Duration.ofSeconds(90));
        say.accept(name + " up again at " + fresh.url() + " (pid " + fresh.pid() + ") in " + millis(t) + " ms");
        return fresh;
    }

    /** kill -9, then a fresh process: a crash followed by the orchestrator's restart. */
    public ServiceProcess restart(String name) {
        kill(name);
        return start(name);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public S3ProxyServer s3() {
        return s3;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public ServiceProcess running(String name) {
        return services.get(name);
    }

    public List<ServiceProcess> services() {
        return new ArrayList<>(services.values());
    }

    /** The S3 server keeps objects as plain files here: {@code <bucket>/<key>}. */
    public Path archiveDir() {
        return s3.blobDir().resolve(BUCKET);
    }

    /** Stops the services first (so they do not wait on a vanished broker), then S3, then Kafka. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::stop);
        if (s3 != null) {
            s3.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
