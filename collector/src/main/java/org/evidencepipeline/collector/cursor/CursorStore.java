package org.evidencepipeline.collector.cursor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.contracts.EventCodec;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Source cursors kept durably on a compacted Kafka topic (key = source id). Read fully at start-up;
 * each save waits for the broker's acknowledgement (acks=all) before the collector moves on, so a
 * restart resumes exactly from the last saved cursor.
 */
public final class CursorStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CursorStore.class);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final EventCodec codec = new EventCodec();
    private final Map<String, SourceCursor> cursors = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param kafkaConfig the service's Kafka client settings (bootstrap servers and any TLS/SASL settings),
     *                    so the cursor clients connect exactly as the messaging channels do
     */
    public CursorStore(Map<String, Object> kafkaConfig, String topic) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.topic = topic;
        Properties p = clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "collector-cursors");
        this.producer = new KafkaProducer<>(p);
    }

    /** Creates the compacted topic if missing and reads every cursor in it. */
    public void load() {
        ensureTopic();
        Properties p = clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        cursors.remove(r.key());
                        continue;
                    }
                    try {
                        cursors.put(r.key(), codec.read(r.value(), SourceCursor.class));
                    } catch (EventCodec.InvalidEventException e) {
                        LOG.errorf("ignoring unreadable cursor for source %s at offset %d: %s", r.key(), r.offset(), e.getMessage());
                    }
                }
            }
        }
        LOG.infof("loaded %d source cursors from %s", cursors.size(), topic);
    }

    public SourceCursor get(String sourceId) {
        return cursors.getOrDefault(sourceId, SourceCursor.empty(sourceId));
    }

    /** Writes the cursor and returns only once the broker has it. */
    public void save(SourceCursor cursor) {
        try {
            producer.send(new ProducerRecord<>(topic, cursor.sourceId(), codec.write(cursor))).get(30, TimeUnit.SECONDS);
            cursors.put(cursor.sourceId(), cursor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted saving cursor of " + cursor.sourceId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot save cursor of " + cursor.sourceId() + ": " + e.getMessage(), e);
        }
    }

    private void ensureTopic() {
        Properties p = clientProperties();
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create cursor topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating cursor topic " + topic, e);
        }
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        kafkaConfig.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                p.put(k, v);
            }
        });
        return p;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
