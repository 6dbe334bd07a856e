package org.evidencepipeline.ledger.service;

import com.sun.net.httpserver.HttpServer;
import io.minio.MinioClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.ledger.tiles.LedgerReader;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TopicProbe;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A real KRaft broker, a real S3Proxy, a real loopback TSA (behind a request counter) and helpers for the ledger tests. */
final class LedgerRig implements AutoCloseable {
    final EmbeddedKafka kafka;
    final S3ProxyServer s3;
    final LocalTsaServer tsa;
    final CountingProxy tsaCounter;
    final ArchiveStore store;
    final LedgerReader reader;
    final String signerKey = CheckpointSigner.generateSignerKey("ledger-test");
    final CheckpointSigner signer = CheckpointSigner.fromSignerKey(signerKey);
    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private final List<LedgerAppender> running = new ArrayList<>();

    LedgerRig(Path dir, int partitions) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        kafka.createTopics(partitions, List.of(Topics.LEDGER_ENTRIES));
        kafka.createTopics(1, List.of(Topics.DEAD_LETTER_STORER));
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        tsa = LocalTsaServer.start();
        tsaCounter = new CountingProxy(tsa.url());
        MinioClient minio = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1")
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        store = new ArchiveStore(minio, "evidence-archive");
        store.ensureBucket();
        reader = new LedgerReader(store);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static LedgerEntry entry(int i) {
        return LedgerEntry.of(LedgerEntry.POST, "posts/" + i + ".json", String.format("%064x", i), 100 + i, "cap-" + i,
                "rss:test:" + (i % 7), 1, List.of("c1"), Instant.parse("2026-12-02T08:00:00Z").plusSeconds(i), null);
    }

    /** Publishes entries keyed by post id, as the stages do, and waits for the broker's acknowledgement. */
    void publish(List<LedgerEntry> entries) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (LedgerEntry e : entries) {
            sent.add(producer.send(new ProducerRecord<>(Topics.LEDGER_ENTRIES, e.postId(), codec.write(e))));
        }
        for (var f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    void publishRaw(int partition, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.LEDGER_ENTRIES, partition, key, value)).get(30, TimeUnit.SECONDS);
    }

    LedgerAppenderSettings settings(int batchMax, int every, Duration interval) {
        return new LedgerAppenderSettings(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.LEDGER_ENTRIES,
                LedgerAppenderSettings.GROUP, batchMax, 65536, new CheckpointPolicy(every, interval), Duration.ofMillis(200),
                Duration.ofSeconds(2), Optional.of(Topics.DEAD_LETTER_STORER));
    }

    /** Starts an in-process appender on its own thread; stopped by {@link #close()}. */
    LedgerAppender start(LedgerAppenderSettings settings, boolean signed, boolean stamped) {
        CheckpointMaker maker = new CheckpointMaker("ledger.test/log", signed ? Optional.of(signer) : Optional.empty(),
                stamped ? Optional.of(new TimestampClient(URI.create(tsaCounter.url()), Duration.ofSeconds(5))) : Optional.empty(),
                Clock.systemUTC());
        LedgerAppender a = new LedgerAppender(settings, store, Optional.of(new LedgerIndex(store)), maker, LedgerMetrics.NONE,
                Clock.systemUTC());
        Thread t = new Thread(a, "ledger-appender-test");
        t.setDaemon(true);
        t.start();
        running.add(a);
        return a;
    }

    /** The committed state of a shard, or an empty tree. */
    LedgerState state(String shard) throws Exception {
        return reader.state(shard).orElse(new LedgerState(shard, 0, Merkle.emptyRoot(), 0, 0));
    }

    long totalSize(int partitions) throws Exception {
        long n = 0;
        for (int p = 0; p < partitions; p++) {
            n += state(Integer.toString(p)).size();
        }
        return n;
    }

    /**
     * The tree the ledger must hold for a partition, built independently: the records in offset order, readable
     * entries only, each distinct entry once (the first time it comes).
     */
    LeafList reference(int partition) {
        LeafList leaves = new LeafList();
        Set<String> seen = new HashSet<>();
        for (TopicProbe.Read r : new TopicProbe(kafka.bootstrapServers()).readAll(Topics.LEDGER_ENTRIES)) {
            if (r.partition() != partition) {
                continue;
            }
            LedgerEntry e;
            try {
                e = codec.read(r.value(), LedgerEntry.class);
            } catch (EventCodec.InvalidEventException ex) {
                continue;
            }
            byte[] canonical = LedgerEntryCodec.canonical(e);
            if (seen.add(new String(canonical, java.nio.charset.StandardCharsets.UTF_8))) {
                leaves.add(Merkle.leafHash(canonical));
            }
        }
        return leaves;
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static BooleanSupplier unchecked(Check check) {
        return () -> {
            try {
                return check.holds();
            } catch (Exception e) {
                return false;
            }
        };
    }

    interface Check {
        boolean holds() throws Exception;
    }

    @Override
    public void close() throws Exception {
        for (LedgerAppender a : running) {
            a.stop();
            a.awaitStopped(Duration.ofSeconds(10));
        }
        producer.close();
        tsaCounter.close();
        tsa.close();
        s3.close();
        kafka.close();
    }

    /** Forwards each request to the real TSA and counts them, so a test sees how many time-stamps were asked for. */
    static final class CountingProxy implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();
        /** While above zero, each request is refused with a 503 (the TSA is away) and this counts down. */
        final AtomicInteger refuseNext = new AtomicInteger();

        CountingProxy(String target) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/tsa", exchange -> {
                try (exchange) {
                    requests.incrementAndGet();
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(target))
                            .header("Content-Type", "application/timestamp-query")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/tsa";
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
