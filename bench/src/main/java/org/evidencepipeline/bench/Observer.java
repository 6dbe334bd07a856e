package org.evidencepipeline.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostIds;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Follows the pipeline topics from the beginning without a consumer group (so it never moves a service's
 * offsets) and keeps what the figures need: per post the collection time (PostCollected.collectedAt) and
 * archive time (PostArchived.archivedAt), the enriched records' broker timestamps, record sizes, and a
 * sample of each topic's record values for the raw Kafka runs.
 */
final class Observer implements AutoCloseable {
    static final int SAMPLE = 4000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    final Map<String, Long> collectedAtMicros = new HashMap<>();
    final Map<String, Long> archivedAtMicros = new HashMap<>();
    final Map<String, Boolean> archivedWithImage = new HashMap<>();
    final Map<String, Integer> captures = new TreeMap<>();
    final Map<String, Integer> deadLetters = new TreeMap<>();
    final Map<String, long[]> topicStats = new TreeMap<>(); // records, value bytes, first ts, last ts
    final Map<String, List<byte[]>> samples = new HashMap<>();
    long enrichedDistinct;
    private final java.util.Set<String> enriched = new java.util.HashSet<>();
    long archivedRecords;
    long mediaBytesStored;

    private final String measuredGuidPrefix;
    int warmArchived;
    private final java.util.Set<String> warm = new java.util.HashSet<>();

    /**
     * RSS posts whose guid does not start with {@code measuredGuidPrefix} are warm-up: counted, not measured. The
     * guid, not the id: an id is {@code rss:<feed-key>:<guid>}, scoped to the feed that served it.
     */
    Observer(String bootstrapServers, String measuredGuidPrefix) {
        this.measuredGuidPrefix = measuredGuidPrefix;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.POSTS_COLLECTED, Topics.POSTS_ENRICHED, Topics.POSTS_ARCHIVED,
                Topics.DEAD_LETTER_COLLECTOR, Topics.DEAD_LETTER_ENRICHER, Topics.DEAD_LETTER_STORER)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private boolean isWarmUp(String key) {
        return PostIds.rssGuid(key).map(guid -> !guid.startsWith(measuredGuidPrefix)).orElse(false);
    }

    void poll(Duration wait) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            if (isWarmUp(r.key())) {
                if (r.topic().equals(Topics.POSTS_ARCHIVED) && warm.add(r.key())) {
                    warmArchived++;
                }
                continue;
            }
            long[] s = topicStats.computeIfAbsent(r.topic(), t -> new long[]{0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            s[0]++;
            s[1] += r.value() == null ? 0 : r.value().length;
            s[2] = Math.min(s[2], r.timestamp());
            s[3] = Math.max(s[3], r.timestamp());
            List<byte[]> sample = samples.computeIfAbsent(r.topic(), t -> new ArrayList<>());
            if (sample.size() < SAMPLE && r.value() != null) {
                sample.add(Arrays.copyOf(r.value(), r.value().length));
            }
            switch (r.topic()) {
                case Topics.POSTS_COLLECTED -> {
                    PostCollected c = codec.read(r.value(), PostCollected.class);
                    collectedAtMicros.putIfAbsent(r.key(), micros(c.collectedAt()));
                }
                case Topics.POSTS_ENRICHED -> {
                    if (enriched.add(r.key())) {
                        enrichedDistinct++;
                    }
                }
                case Topics.POSTS_ARCHIVED -> {
                    archivedRecords++;
                    PostArchived a = codec.read(r.value(), PostArchived.class);
                    if (archivedAtMicros.putIfAbsent(r.key(), micros(a.archivedAt())) == null) {
                        archivedWithImage.put(r.key(), !a.captures().isEmpty());
                        for (CaptureOutcome c : a.captures()) {
                            captures.merge(c.getClass().getSimpleName().toLowerCase(), 1, Integer::sum);
                            if (c instanceof CaptureOutcome.Stored st) {
                                mediaBytesStored += st.size();
                            }
                        }
                    }
                }
                default -> deadLetters.merge(r.topic(), 1, Integer::sum);
            }
        }
    }

    int collected() {
        return collectedAtMicros.size();
    }

    int archived() {
        return archivedAtMicros.size();
    }

    int deadLetterCount() {
        return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
