package org.evidencepipeline.reliability;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.evidencepipeline.testsupport.TopicProbe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Follows topics from the beginning in the background (no consumer group, so it never moves a service's
 * offsets) and remembers when each record arrived, for progress and recovery times while faults happen.
 * Keeps going through a broker restart (the client reconnects by itself).
 */
public final class TopicFollower implements AutoCloseable {
    /** A record and the wall-clock time this follower first saw it. */
    public record Arrival(TopicProbe.Read read, long seenAtMillis) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<Arrival>> byTopic = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(String bootstrapServers, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            byTopic.put(topic, new ArrayList<>());
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "topic-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        Arrival a = new Arrival(new TopicProbe.Read(r.topic(), r.partition(), r.offset(), r.key(), r.value(),
                                List.of(r.headers().toArray())), System.currentTimeMillis());
                        synchronized (byTopic) {
                            byTopic.get(r.topic()).add(a);
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    // the broker is restarting: try again shortly
                    sleep(200);
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public List<Arrival> arrivals(String topic) {
        synchronized (byTopic) {
            return List.copyOf(byTopic.get(topic));
        }
    }

    public List<Arrival> arrivals(String topic, Predicate<TopicProbe.Read> filter) {
        return arrivals(topic).stream().filter(a -> filter.test(a.read())).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
