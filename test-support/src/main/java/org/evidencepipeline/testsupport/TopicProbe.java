package org.evidencepipeline.testsupport;

import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.Pause;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads and writes raw records on a real broker for assertions: no consumer group, so probing never
 * moves a service's committed offsets.
 */
public final class TopicProbe {
    private final Map<String, String> clientSettings;

    public TopicProbe(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * @param clientSettings bootstrap servers and any security settings, e.g.
     *                       {@link EmbeddedKafka.SaslSslListener#clientSettings(String)}
     */
    public TopicProbe(Map<String, String> clientSettings) {
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /** A record as read back, value as raw bytes. */
    public record Read(String topic, int partition, long offset, String key, byte[] value, List<Header> headers) {
        public String valueAsString() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            for (Header h : headers) {
                if (h.key().equals(name)) {
                    return h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** Everything on the topic right now, from the beginning. */
    public List<Read> readAll(String topic) {
        return readUntil(topic, r -> false, Duration.ofMillis(0)).records();
    }

    /**
     * Reads from the beginning until {@code done} holds for the records read so far or the timeout passes;
     * returns what was read either way, so the caller's assertion says what was missing.
     */
    public Result readUntil(String topic, Predicate<List<Read>> done, Duration timeout) {
        List<Read> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new Read(r.topic(), r.partition(), r.offset(), r.key(), r.value(), List.of(r.headers().toArray())));
                }
                if (done.test(out)) {
                    return new Result(out, true);
                }
                if (timeout.isZero() && caughtUp(consumer, partitions)) {
                    return new Result(out, true);
                }
            } while (System.nanoTime() < deadline || timeout.isZero());
        }
        return new Result(out, false);
    }

    public record Result(List<Read> records, boolean complete) {
    }

    public void send(String topic, String key, byte[] value) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    private boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        var end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            Pause.millis(100);
        }
        throw new IllegalStateException("topic " + topic + " has no partitions");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }
}
