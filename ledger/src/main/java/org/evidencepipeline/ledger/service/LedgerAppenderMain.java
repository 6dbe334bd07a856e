package org.evidencepipeline.ledger.service;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.index.LedgerIndex;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the appender alone in a JVM, configured by system properties (so a test can kill it with {@code kill -9}):
 * {@code ledger.s3.endpoint}, {@code ledger.s3.access-key}, {@code ledger.s3.secret-key}, {@code ledger.s3.bucket}
 * (evidence-archive), {@code ledger.origin}, {@code ledger.signer-key-file}, {@code ledger.tsa-url},
 * {@code ledger.checkpoint-every}, {@code ledger.checkpoint-interval} (ISO-8601 or e.g. {@code 10s}),
 * {@code ledger.batch-max}, {@code ledger.dedup-window}, {@code ledger.index} (true); every {@code kafka.X} property is
 * passed to the Kafka clients as {@code X} ({@code kafka.bootstrap.servers} at least).
 */
public final class LedgerAppenderMain {
    private LedgerAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> kafka = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("kafka."))
                .forEach(n -> kafka.put(n.substring("kafka.".length()), System.getProperty(n)));
        LedgerAppenderSettings d = LedgerAppenderSettings.defaults(kafka);
        LedgerAppenderSettings settings = new LedgerAppenderSettings(kafka, d.topic(), d.groupId(),
                Integer.getInteger("ledger.batch-max", d.batchMax()), Integer.getInteger("ledger.dedup-window", d.dedupWindow()),
                new CheckpointPolicy(Integer.getInteger("ledger.checkpoint-every", d.checkpoints().every()),
                        duration(System.getProperty("ledger.checkpoint-interval"), d.checkpoints().interval())),
                d.pollTimeout(), duration(System.getProperty("ledger.max-retry-delay"), d.maxRetryDelay()), d.deadLetterTopic());

        MinioClient minio = MinioClient.builder().endpoint(required("ledger.s3.endpoint")).region("us-east-1")
                .credentials(required("ledger.s3.access-key"), required("ledger.s3.secret-key")).build();
        ArchiveStore store = new ArchiveStore(minio, System.getProperty("ledger.s3.bucket", "evidence-archive"));
        store.ensureBucket();
        Optional<CheckpointSigner> signer = Optional.ofNullable(System.getProperty("ledger.signer-key-file"))
                .map(LedgerAppenderMain::signer);
        Optional<TimestampClient> tsa = Optional.ofNullable(System.getProperty("ledger.tsa-url")).filter(u -> !u.isBlank())
                .map(u -> new TimestampClient(URI.create(u), Duration.ofSeconds(15)));
        CheckpointMaker checkpoints = new CheckpointMaker(System.getProperty("ledger.origin", "evidence-pipeline.local/ledger"),
                signer, tsa, Clock.systemUTC());
        Optional<LedgerIndex> index = Boolean.parseBoolean(System.getProperty("ledger.index", "true"))
                ? Optional.of(new LedgerIndex(store)) : Optional.empty();

        LedgerAppender appender = new LedgerAppender(settings, store, index, checkpoints, LedgerMetrics.NONE, Clock.systemUTC());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            appender.stop();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("ledger appender running");
        appender.run();
    }

    /** Reads a note signer key from a file (a mounted Secret); the key is never printed. */
    public static CheckpointSigner signer(String file) {
        return CheckpointSigner.fromFile(Path.of(file), "the ledger signer key file");
    }

    static Duration duration(String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim();
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v);
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(v));
    }

    private static String required(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("system property " + name + " is required");
        }
        return v;
    }
}
