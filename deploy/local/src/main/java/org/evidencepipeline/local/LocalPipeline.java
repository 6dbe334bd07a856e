package org.evidencepipeline.local;

import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.EmbeddedKafka;
import org.evidencepipeline.testsupport.FreePorts;
import org.evidencepipeline.testsupport.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** Where the services' builds are and what to give them. */
    public record Settings(Path home, Path dataDir, Path collectionsFile, List<String> allowCidrs, int partitions,
                           Map<String, String> heaps) {
        public static Map<String, String> defaultHeaps() {
            return Map.of("collector", "160m", "enricher", "512m", "storer", "192m");
        }
    }

    private final Settings settings;
    private final Consumer<String> say;
    private EmbeddedKafka kafka;
    private S3ProxyServer s3;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    public LocalPipeline(Settings settings, Consumer<String> say) {
        this.settings = settings;
        this.say = say;
    }

    public void start() {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        // Spans are created and propagated (trace ids reach provenance records) but there is no collector to export to.
        props.put("quarkus.otel.traces.exporter", "none");
        switch (name) {
            case "collector" -> {
                props.put("collector.collections-file", settings.collectionsFile().toString());
                props.put("collector.initial-delay", "1s");
            }
            case "storer" -> {
                props.put("storer.s3.endpoint", s3.endpoint());
                props.put("storer.s3.access-key", S3ProxyServer.ACCESS_KEY);
                props.put("storer.s3.secret-key", S3ProxyServer.SECRET_KEY);
                props.put("storer.s3.bucket", BUCKET);
                props.put("storer.download.temp-dir", settings.dataDir().resolve("tmp").toString());
                if (!settings.allowCidrs().isEmpty()) {
                    props.put("storer.download.allow-cidrs", String.join(",", settings.allowCidrs()));
                }
            }
            default -> {
            }
        }
        Path jar = settings.home().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        return new ServiceProcess(name, jar, settings.heaps().get(name), FreePorts.next(), props,
                settings.dataDir().resolve("logs").resolve(name + ".log"));
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
