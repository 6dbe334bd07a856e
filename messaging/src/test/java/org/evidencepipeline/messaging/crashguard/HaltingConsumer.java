package org.evidencepipeline.messaging.crashguard;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A consumer process for {@link RecordThatKilledTheConsumerTwiceIsDeadLetteredTest}, run as a child JVM: a real
 * KafkaConsumer on the embedded broker, the real {@link CrashGuard} on a real directory, at-least-once like the
 * stages (output acknowledged by the broker before the record is settled; offsets committed behind the records
 * processed, every 3 records, as a throttled commit does). Processing the record keyed {@code poisonKey} halts the
 * JVM at once ({@code Runtime.halt}: no shutdown hooks, no finally blocks, as a crash does). Exits 0 after 3 s
 * without records (once records came; 63 s if none come).
 * <p>
 * args: bootstrap input-topic output-topic dead-letter-topic group marker-dir poison-key
 */
public final class HaltingConsumer {
    static final int HALT_STATUS = 86;

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String input = args[1];
        String output = args[2];
        String deadLetters = args[3];
        String group = args[4];
        Path dir = Path.of(args[5]);
        String poisonKey = args[6];

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A halted member holds its partition until its session expires; the broker's minimum keeps each restart's
        // wait short (Kafka's 45 s default made the three starts take over three minutes).
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        CrashGuard guard = new CrashGuard(dir, 2, Clock.systemUTC());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            consumer.subscribe(List.of(input));
            Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
            int sinceCommit = 0;
            // Joining the group can take seconds on a busy machine: the idle clock starts at the first record.
            long idleSince = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - idleSince < Duration.ofSeconds(3).toNanos()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    idleSince = System.nanoTime();
                    RecordInHand inHand = RecordInHand.of(r.topic(), r.partition(), r.offset(), r.key(), r.value());
                    Admission admission = guard.admit(inHand);
                    if (admission instanceof Admission.DeadLetter d) {
                        producer.send(deadLetter(deadLetters, r, new CrashedTheConsumerException(d.crashes(), d.firstCrash()))).get();
                    } else {
                        if (poisonKey.equals(r.key())) {
                            System.out.println("halting on " + inHand);
                            System.out.flush();
                            Runtime.getRuntime().halt(HALT_STATUS);
                        }
                        producer.send(new ProducerRecord<>(output, r.key(), r.value())).get();
                    }
                    guard.settled(inHand);
                    settled.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (++sinceCommit == 3) {
                        consumer.commitSync(settled);
                        sinceCommit = 0;
                    }
                }
            }
            consumer.commitSync(settled);
        }
        guard.close();
    }

    /** What the stages' dead-letter-queue failure strategy writes, plus the reason's own headers. */
    static ProducerRecord<String, byte[]> deadLetter(String topic, ConsumerRecord<String, byte[]> r, CrashedTheConsumerException reason) {
        RecordHeaders headers = new RecordHeaders(reason.headers().toArray());
        headers.add("dead-letter-reason", reason.getMessage().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, r.key(), r.value(), headers);
    }
}
