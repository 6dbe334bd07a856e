package org.evidencepipeline.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoProvenance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows the pipeline's topics from the beginning (without a consumer group, so it never moves a
 * service's offsets), counts what flowed through each stage, and prints a line whenever a count changes.
 */
public final class ProgressMonitor implements AutoCloseable {
    /**
     * What has flowed so far.
     *
     * @param sourcesAsCollected the source evidence each post carried when collected (post id to the last version's),
     *                           for posts whose archive record has none
     * @param pagesRequested     each post's latest page capture request (post id to it)
     * @param pagesArchived      each post's latest page capture record (post id to it)
     * @param videosRequested    each video stream capture request (capture id: post, version and stream URL, to it)
     * @param videosArchived     each video capture's latest record (capture id to it)
     */
    public record Progress(Set<String> collected, Set<String> enriched, Set<String> archived, int deadLetters,
                           Map<String, Integer> languages, Map<String, Integer> captures, long bytesStored,
                           List<PostArchived> archiveRecords, Map<String, SourceEvidence> sourcesAsCollected,
                           Map<String, PageCaptureRequested> pagesRequested, Map<String, PageArchived> pagesArchived,
                           Map<String, VideoCaptureRequested> videosRequested, Map<String, VideoArchived> videosArchived) {
        /** As before video capture: no video requests or records. */
        public Progress(Set<String> collected, Set<String> enriched, Set<String> archived, int deadLetters,
                        Map<String, Integer> languages, Map<String, Integer> captures, long bytesStored,
                        List<PostArchived> archiveRecords, Map<String, SourceEvidence> sourcesAsCollected,
                        Map<String, PageCaptureRequested> pagesRequested, Map<String, PageArchived> pagesArchived) {
            this(collected, enriched, archived, deadLetters, languages, captures, bytesStored, archiveRecords, sourcesAsCollected,
                    pagesRequested, pagesArchived, Map.of(), Map.of());
        }

        /** The requested video streams with no record yet (capture ids). */
        public Set<String> videosPending() {
            Set<String> pending = new java.util.TreeSet<>(videosRequested.keySet());
            pending.removeAll(videosArchived.keySet());
            return pending;
        }

        /** The requested pages with no record yet for the requested version (post ids). */
        public Set<String> pagesPending() {
            Set<String> pending = new java.util.TreeSet<>();
            pagesRequested.forEach((post, request) -> {
                PageArchived a = pagesArchived.get(post);
                if (a == null || a.postVersion() < request.postVersion()) {
                    pending.add(post);
                }
            });
            return pending;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final Set<String> collected = new HashSet<>();
    private final Set<String> enriched = new HashSet<>();
    private final Set<String> archived = new HashSet<>();
    private final Map<String, Integer> languages = new TreeMap<>();
    private final Map<String, Integer> captures = new TreeMap<>();
    private final List<PostArchived> records = new ArrayList<>();
    private final Map<String, SourceEvidence> sourcesAsCollected = new TreeMap<>();
    private final Map<String, PageCaptureRequested> pagesRequested = new TreeMap<>();
    private final Map<String, PageArchived> pagesArchived = new TreeMap<>();
    private final Map<String, VideoCaptureRequested> videosRequested = new TreeMap<>();
    private final Map<String, VideoArchived> videosArchived = new TreeMap<>();
    private int deadLetters;
    private long bytesStored;
    private String lastLine = "";

    public ProgressMonitor(String bootstrapServers, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived within {@code wait} and reports a progress line if anything changed. */
    public Progress poll(Duration wait, Consumer<String> say) {
        return poll(wait, () -> "", say);
    }

    /**
     * As {@link #poll(Duration, Consumer)}, and the line ends with what {@code servicesDown} says is down (""
     * while all are up), so a dead or restarting service shows in the progress instead of a quiet, stale count.
     */
    public Progress poll(Duration wait, Supplier<String> servicesDown, Consumer<String> say) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            switch (r.topic()) {
                case Topics.POSTS_COLLECTED -> collected.add(r.key());
                case Topics.POSTS_ENRICHED -> {
                    enriched.add(r.key());
                    PostEnriched e = codec.read(r.value(), PostEnriched.class);
                    languages.merge(e.language().code(), 1, Integer::sum);
                    if (e.post().source() != null) {
                        sourcesAsCollected.put(r.key(), e.post().source());
                    }
                }
                case Topics.POSTS_ARCHIVED -> {
                    PostArchived a = codec.read(r.value(), PostArchived.class);
                    if (archived.add(r.key())) {
                        records.add(a);
                        for (CaptureOutcome c : a.captures()) {
                            captures.merge(kind(c), 1, Integer::sum);
                            if (c instanceof CaptureOutcome.Stored s) {
                                bytesStored += s.size();
                            }
                        }
                    }
                }
                case Topics.PAGES_REQUESTED -> {
                    PageCaptureRequested q = codec.read(r.value(), PageCaptureRequested.class);
                    pagesRequested.merge(q.postId(), q, (old, fresh) -> fresh.postVersion() >= old.postVersion() ? fresh : old);
                }
                case Topics.PAGES_ARCHIVED -> {
                    PageArchived a = codec.read(r.value(), PageArchived.class);
                    pagesArchived.merge(a.postId(), a, (old, fresh) -> fresh.postVersion() >= old.postVersion() ? fresh : old);
                }
                case Topics.VIDEOS_REQUESTED -> {
                    VideoCaptureRequested q = codec.read(r.value(), VideoCaptureRequested.class);
                    videosRequested.put(q.captureId(), q);
                }
                case Topics.VIDEOS_ARCHIVED -> {
                    VideoArchived a = codec.read(r.value(), VideoArchived.class);
                    videosArchived.put(captureId(a), a);
                }
                case Topics.LEDGER_ENTRIES -> {
                    // custody ledger entries (about six per post): the storer's ledger writer's input, not progress
                }
                default -> deadLetters++;
            }
        }
        String down = servicesDown.get();
        String videos = videosRequested.isEmpty() && videosArchived.isEmpty() ? ""
                : String.format(" | videos %d/%d %s", videosRequested.size() - snapshot().videosPending().size(),
                videosRequested.size(), videoOutcomes());
        String line = String.format("collected %d | enriched %d | archived %d | dead letters %d | media %s | pages %d/%d %s%s | %s",
                collected.size(), enriched.size(), archived.size(), deadLetters, captures,
                pagesRequested.size() - snapshot().pagesPending().size(), pagesRequested.size(), pageOutcomes(), videos,
                down.isEmpty() ? "services up" : down);
        if (!line.equals(lastLine)) {
            say.accept(line);
            lastLine = line;
        }
        return snapshot();
    }

    public Progress snapshot() {
        return new Progress(Set.copyOf(collected), Set.copyOf(enriched), Set.copyOf(archived), deadLetters,
                new TreeMap<>(languages), new TreeMap<>(captures), bytesStored, List.copyOf(records), Map.copyOf(sourcesAsCollected),
                new TreeMap<>(pagesRequested), new TreeMap<>(pagesArchived), new TreeMap<>(videosRequested), new TreeMap<>(videosArchived));
    }

    /** A video record's capture id, also for outcomes that carry none (refused, skipped): the same post, version and URL. */
    static String captureId(VideoArchived a) {
        return VideoProvenance.idFor(a.postId(), a.postVersion(), a.outcome().streamUrl());
    }

    private Map<String, Integer> videoOutcomes() {
        Map<String, Integer> outcomes = new TreeMap<>();
        videosArchived.values().forEach(a -> outcomes.merge(VideoCaptureSummary.kind(a.outcome()), 1, Integer::sum));
        return outcomes;
    }

    private Map<String, Integer> pageOutcomes() {
        Map<String, Integer> outcomes = new TreeMap<>();
        pagesArchived.values().forEach(a -> outcomes.merge(PageCaptureSummary.kind(a.outcome()), 1, Integer::sum));
        return outcomes;
    }

    static String kind(CaptureOutcome c) {
        if (c instanceof CaptureOutcome.Stored) {
            return "stored";
        }
        if (c instanceof CaptureOutcome.Duplicate) {
            return "duplicate";
        }
        if (c instanceof CaptureOutcome.Refused) {
            return "refused";
        }
        if (c instanceof CaptureOutcome.TooLarge) {
            return "too-large";
        }
        if (c instanceof CaptureOutcome.Skipped) {
            return "skipped";
        }
        return "failed";
    }

    @Override
    public void close() {
        // bounded: the broker may already be gone when the run ends
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
