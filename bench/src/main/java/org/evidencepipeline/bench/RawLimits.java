package org.evidencepipeline.bench;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The raw limits of the same broker and S3 server on the same machine, with the pipeline's own record
 * values (sampled from its topics) and object sizes: Kafka producers with the services' channel settings
 * (acks=all, idempotence, lz4 where the channel compresses), pipelined and one-record-at-a-time, a plain
 * consumer, and S3 PUTs through the MinIO SDK, sequential and from 4 threads.
 */
final class RawLimits {
    /** One measured rate. */
    record Rate(String what, long ops, double seconds, long bytes) {
        double perSecond() {
            return ops / seconds;
        }

        double mbPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    final List<Rate> rates = new ArrayList<>();

    Rate measure(String what, long ops, long bytes, Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        Rate r = new Rate(what, ops, (System.nanoTime() - t0) / 1e9, bytes);
        rates.add(r);
        System.out.printf("  raw: %-60s %,10.0f /s  %8.1f MB/s%n", what, r.perSecond(), r.mbPerSecond());
        return r;
    }

    Rate find(String what) {
        return rates.stream().filter(r -> r.what().equals(what)).findFirst().orElseThrow();
    }

    // ---- Kafka ----

    Rate produce(EmbeddedKafka kafka, String topic, List<byte[]> values, int count, boolean lz4, boolean sync, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if (lz4) {
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        }
        if (lingerMs >= 0) {
            p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        }
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += values.get(i % values.size()).length;
        }
        String what = String.format("Kafka produce %s (%s, %s, linger %s)", topic, sync ? "one at a time, send().get()" : "pipelined",
                lz4 ? "lz4" : "uncompressed", lingerMs < 0 ? "default 5 ms" : lingerMs + " ms");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            // warm-up: metadata and connections
            producer.send(new ProducerRecord<>(topic, "warm-up", values.get(0))).get(30, TimeUnit.SECONDS);
            AtomicReference<Exception> failure = new AtomicReference<>();
            Rate r = measure(what, count, bytes, () -> {
                try {
                    for (int i = 0; i < count; i++) {
                        ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, "rss:raw-" + i, values.get(i % values.size()));
                        if (sync) {
                            producer.send(rec).get(30, TimeUnit.SECONDS);
                        } else {
                            producer.send(rec, (md, e) -> {
                                if (e != null) {
                                    failure.set(e);
                                }
                            });
                        }
                    }
                    producer.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (failure.get() != null) {
                throw new IllegalStateException("raw produce failed", failure.get());
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Rate consume(EmbeddedKafka kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long[] bytes = {0};
            long[] n = {0};
            return measure("Kafka consume " + topic + " (one consumer, default fetch settings)", expected, 0, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (n[0] < expected && System.nanoTime() < deadline) {
                    ConsumerRecords<byte[], byte[]> rs = consumer.poll(Duration.ofMillis(200));
                    rs.forEach(r -> {
                        n[0]++;
                        bytes[0] += r.value().length;
                    });
                }
            });
        }
    }

    // ---- S3 ----

    Rate put(S3ProxyServer s3, String bucket, String what, List<byte[]> objects, int count, int threads, String prefix) {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1")
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += objects.get(i % objects.size()).length;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Semaphore inFlight = new Semaphore(threads);
        try {
            return measure(String.format("S3 PUT %s (MinIO SDK, %d thread%s)", what, threads, threads == 1 ? "" : "s"),
                    count, bytes, () -> {
                        List<Future<?>> futures = new ArrayList<>();
                        try {
                            for (int i = 0; i < count; i++) {
                                int k = i;
                                inFlight.acquire();
                                futures.add(pool.submit(() -> {
                                    try {
                                        byte[] body = objects.get(k % objects.size());
                                        client.putObject(PutObjectArgs.builder().bucket(bucket).object(prefix + "/" + k)
                                                .stream(new ByteArrayInputStream(body), (long) body.length, -1L)
                                                .contentType("application/octet-stream").build());
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    } finally {
                                        inFlight.release();
                                    }
                                }));
                            }
                            for (Future<?> f : futures) {
                                f.get();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
        } finally {
            pool.shutdownNow();
        }
    }
}
