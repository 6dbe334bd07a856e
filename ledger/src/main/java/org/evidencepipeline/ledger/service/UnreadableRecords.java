package org.evidencepipeline.ledger.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.contracts.Hashes;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Copies a record of {@code ledger.entries.v1} that is not an entry to the storer's dead-letter topic, with the headers
 * the other stages' dead letters carry (reason, source topic, partition, offset). Best effort: the record itself stays
 * in the topic, so a failed copy is logged and the ledger goes on. A record over 512 KiB goes as its first 64 KiB with
 * its size and SHA-256, as {@code OversizedDeadLetter} does for the other stages.
 */
final class UnreadableRecords implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UnreadableRecords.class.getName());
    static final int MAX_WHOLE_BYTES = 512 * 1024;
    static final int HEAD_BYTES = 64 * 1024;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    UnreadableRecords(String topic, Map<String, Object> kafka) {
        this.topic = topic;
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "storer-ledger-dead-letters");
        this.producer = new KafkaProducer<>(p);
    }

    void publish(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", utf8(reason));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        byte[] value = record.value();
        if (value != null && value.length > MAX_WHOLE_BYTES) {
            headers.add("dead-letter-original-size", utf8(Integer.toString(value.length)));
            headers.add("dead-letter-original-sha256", utf8(Hashes.sha256Hex(value)));
            headers.add("dead-letter-truncated-to", utf8(Integer.toString(HEAD_BYTES)));
            value = Arrays.copyOf(value, HEAD_BYTES);
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, record.key(), value, headers)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot copy unreadable ledger record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " to " + topic + ": " + e.getMessage() + " (it stays in " + record.topic() + ")");
        }
    }

    private static byte[] utf8(String s) {
        return String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
