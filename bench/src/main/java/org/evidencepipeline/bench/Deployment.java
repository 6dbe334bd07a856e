package org.evidencepipeline.bench;

import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.checkpoint.KeyCommand;
import org.evidencepipeline.local.LocalPipeline;
import org.evidencepipeline.local.ServiceProcess;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FreePorts;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runtime's parts composed for a benchmark: the same embedded KRaft broker and S3Proxy server as
 * {@link LocalPipeline}, the services as {@link ServiceProcess}es from their Quarkus builds with the same
 * properties LocalPipeline gives them, plus any extra {@code -D} settings, and any number of enricher and
 * storer instances (one consumer group per service).
 */
final class Deployment implements AutoCloseable {
    static final String COLLECTION = "bench";

    final Path home;
    final Path dataDir;
    final EmbeddedKafka kafka;
    final S3ProxyServer s3;
    final Map<String, String> heaps;
    final List<ServiceProcess> services = new ArrayList<>();
    /** The role tokens the services' REST APIs ask for (the benchmark only calls the open health endpoints). */
    private final String adminToken = java.util.UUID.randomUUID().toString();
    private final String readerToken = java.util.UUID.randomUUID().toString();

    Deployment(Path home, Path dataDir, int partitions, Map<String, String> heaps) {
        this.home = home;
        this.dataDir = dataDir;
        this.heaps = heaps;
        this.kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        List<String> topics = new ArrayList<>(LocalPipeline.TOPICS);
        topics.add(Topics.collectionFeed(COLLECTION));
        kafka.createTopics(partitions, topics);
        this.s3 = S3ProxyServer.start(dataDir.resolve("s3"));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The local runtime's JVM options of the service, then the scenario's (which win). */
    private static List<String> withDefaults(String name, List<String> jvm) {
        List<String> all = new ArrayList<>(LocalPipeline.Settings.defaultJvmOptions(name));
        all.addAll(jvm);
        return all;
    }

    /**
     * Starts {@code name} (instance {@code instance}) with LocalPipeline's properties plus {@code extra}, and
     * {@code jvm} after the local runtime's JVM options of that service.
     */
    ServiceProcess start(String name, int instance, Path collectionsFile, Map<String, String> extra, List<String> jvm) {
        Map<String, String> props = new LinkedHashMap<>();
        // Secrets in the environment, as LocalPipeline passes them: never on the command line.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PIPELINE_API_ADMIN_TOKEN", adminToken);
        env.put("PIPELINE_API_READER_TOKEN", readerToken);
        env.put("JAVA_TOOL_OPTIONS", NativeMemory.OPTION); // what each service's memory is spent on, read at the run's end
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("quarkus.otel.traces.sampler.arg", "0"); // as LocalPipeline: trace ids propagate, nothing exported
        switch (name) {
            case "collector" -> {
                props.put("collector.collections-file", collectionsFile.toString());
                props.put("collector.initial-delay", "1s");
                // the corpus' feeds are served on loopback
                props.put("collector.http.allow-cidrs", "127.0.0.0/8");
                // each fetch that yields new posts is preserved as WARC in the archive, as in LocalPipeline
                props.put("collector.evidence.endpoint", s3.endpoint());
                props.put("collector.evidence.bucket", LocalPipeline.BUCKET);
                env.put("COLLECTOR_EVIDENCE_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
                env.put("COLLECTOR_EVIDENCE_SECRET_KEY", S3ProxyServer.SECRET_KEY);
            }
            case "storer" -> {
                props.put("storer.s3.endpoint", s3.endpoint());
                env.put("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
                env.put("STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
                props.put("storer.s3.bucket", LocalPipeline.BUCKET);
                props.put("storer.download.temp-dir", dataDir.resolve("tmp-" + instance).toString());
                // the corpus' media are served on loopback
                props.put("storer.download.allow-cidrs", "127.0.0.0/8");
                // the custody ledger signs its checkpoints, as in LocalPipeline (one key for every instance)
                props.put("storer.ledger.origin", LocalPipeline.LEDGER_ORIGIN);
                props.put("storer.ledger.signer-key-file", ledgerSignerKey().toString());
            }
            default -> {
            }
        }
        props.putAll(extra);
        Path jar = home.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess p = new ServiceProcess(name + (instance > 1 ? "-" + instance : ""), jar, heaps.get(name),
                FreePorts.next(), props, env, withDefaults(name, jvm), dataDir.resolve("logs").resolve(name + "-" + instance + ".log"));
        p.start();
        services.add(p);
        return p;
    }

    private Path ledgerSignerKey() {
        Path file = dataDir.resolve("ledger-signer-key");
        try {
            if (!Files.exists(file)) {
                KeyCommand.writeOwnerOnly(file, CheckpointSigner.generateSignerKey(LocalPipeline.LEDGER_ORIGIN));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Waits until every service is live and ready (Kafka, and for the storer S3, answering). */
    void awaitReady(Duration timeout) {
        for (ServiceProcess s : services) {
            s.awaitStarted(timeout);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceProcess s : services) {
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // retry
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s.name() + " not ready within " + timeout + "; see " + s.log());
                }
                sleep(250);
            }
        }
    }

    void stopServices() {
        List<ServiceProcess> reversed = new ArrayList<>(services);
        java.util.Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::stop);
    }

    @Override
    public void close() {
        stopServices();
        s3.close();
        kafka.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
