package org.evidencepipeline.messaging.bench;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.messaging.relay.Relay;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the relay changes for one consumer thread on a real broker (in this JVM): each input record has two outputs of
 * about 1.5 KB (an enriched post and one feed copy), as in the enricher, and is forwarded through the {@link Relay}
 * either awaited (one record in flight, the behaviour before #17) or handed off, with {@code linger.ms} 0 and 5. It
 * reports inputs per second and CPU per input (this JVM: the stage's sending, the Kafka client and the broker), and
 * records per produce request (the producer's own counters). The services add SmallRye's emitter and the consumer on
 * top, which are the same in both modes.
 * <pre>./mvnw -pl messaging -am -Pbench -DskipTests verify</pre>
 */
public final class RelayBenchmark {
    static final String TOPIC = "relay.bench.v1";
    static final int PARTITIONS = 3;

    record Mode(String name, boolean awaitOutputs, int lingerMs) {
    }

    record Result(Mode mode, int inputs, double seconds, double cpuSeconds, double recordsPerRequest) {
        double perSecond() {
            return inputs / seconds;
        }

        double cpuMsPerInput() {
            return cpuSeconds * 1000 / inputs;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/relay-benchmark.md");
        int inputs = Integer.getInteger("bench.inputs", 20_000);
        List<Mode> modes = List.of(new Mode("awaited, linger 0 ms", true, 0), new Mode("awaited, linger 5 ms", true, 5),
                new Mode("relay, linger 0 ms", false, 0), new Mode("relay, linger 5 ms", false, 5));
        List<Result> results = new ArrayList<>();
        String started = Instant.now().toString();
        try (EmbeddedKafka kafka = EmbeddedKafka.startInTempDir()) {
            kafka.createTopics(PARTITIONS, List.of(TOPIC));
            // Warm-up (JIT of client, broker and relay), not reported.
            for (Mode m : modes) {
                run(kafka, m, Math.min(inputs, 3_000));
            }
            for (Mode m : modes) {
                Result r = run(kafka, m, inputs);
                System.out.printf(Locale.ROOT, "%-22s %,8.0f inputs/s  %.3f ms CPU per input  %.1f records per request%n",
                        m.name(), r.perSecond(), r.cpuMsPerInput(), r.recordsPerRequest());
                results.add(r);
            }
        }
        StringBuilder b = new StringBuilder("# Relay benchmark\n\n")
                .append("Started ").append(started).append("; ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; ").append(inputs).append(" inputs per mode, 2 outputs of ~1.5 KB each, one forwarding thread, ")
                .append(PARTITIONS).append(" partitions, acks=all, idempotent producer, lz4.\n\n")
                .append("| mode | inputs/s | CPU per input (stage + client + broker) | records per produce request |\n|---|---:|---:|---:|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.3f ms | %.1f |%n", r.mode().name(), r.perSecond(),
                    r.cpuMsPerInput(), r.recordsPerRequest()));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
        System.out.println("report: " + out);
    }

    static Result run(EmbeddedKafka kafka, Mode mode, int inputs) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, mode.lingerMs()),
                new StringSerializer(), new ByteArraySerializer())) {
            Relay relay = new Relay(256, mode.awaitOutputs());
            Random random = new Random(17);
            CountDownLatch settled = new CountDownLatch(inputs);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double before = requests(producer);
            double sentBefore = sent(producer);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < inputs; i++) {
                String key = "bench:post-" + i;
                Message<byte[]> in = Message.of(key.getBytes(StandardCharsets.UTF_8)).withAck(() -> {
                    settled.countDown();
                    return CompletableFuture.completedFuture(null);
                });
                byte[] post = payload(random, i);
                relay.forward(in, key, List.of(send(producer, key, post), send(producer, key, post)), (m, e) -> {
                    throw new IllegalStateException("bench output failed: " + e.getMessage(), e);
                }).toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            if (!settled.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every input was acknowledged: " + settled.getCount() + " left");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double perRequest = (sent(producer) - sentBefore) / Math.max(1, requests(producer) - before);
            return new Result(mode, inputs, seconds, cpu, perRequest);
        }
    }

    static byte[] payload(Random random, int i) {
        StringBuilder b = new StringBuilder("{\"postId\":\"bench:post-").append(i).append("\",\"text\":\"");
        while (b.length() < 1_500) {
            b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static final String[] WORDS = {"обстріл", "Харків", "shelling", "reported", "пошкоджено", "будинок", "місто", "вночі",
            "residents", "district", "сирени", "тривога", "власти", "сообщили", "video", "footage"};

    static Uni<Void> send(KafkaProducer<String, byte[]> producer, String key, byte[] value) {
        return Uni.createFrom().emitter(em -> producer.send(new ProducerRecord<>(TOPIC, key, value), (meta, e) -> {
            if (e != null) {
                em.fail(e);
            } else {
                em.complete(null);
            }
        }));
    }

    static double requests(KafkaProducer<?, ?> producer) {
        return metric(producer, "request-total");
    }

    static double sent(KafkaProducer<?, ?> producer) {
        return metric(producer, "record-send-total");
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }
}
