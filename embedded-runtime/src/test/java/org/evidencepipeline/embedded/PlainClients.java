package org.evidencepipeline.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Plain Kafka clients for the broker's own tests: this module sits below test-support, so its tests cannot use
 * test-support's {@code TopicProbe}.
 */
final class PlainClients {
    private PlainClients() {
    }

    /** Sends one string record and waits until the broker has acknowledged it. */
    static void send(Map<String, String> settings, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(settings)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** A string producer with these client settings, acks from all replicas, at most 15 s blocked on metadata. */
    static KafkaProducer<String, String> producer(Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaProducer<>(p);
    }

    /** Reads the topic from the start, in a fresh group, until {@code count} records arrived: key to value. */
    static Map<String, String> read(Map<String, String> settings, String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, String> read = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (read.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.put(r.key(), r.value());
                }
            }
        }
        return read;
    }
}
