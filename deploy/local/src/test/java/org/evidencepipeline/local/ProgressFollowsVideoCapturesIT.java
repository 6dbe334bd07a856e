package org.evidencepipeline.local;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local runtime creates the video topics and its progress follows them on a real broker: a request is pending
 * until its record arrives, the progress line counts videos by outcome, and video records are not taken for dead
 * letters, nor are custody ledger entries.
 */
class ProgressFollowsVideoCapturesIT {
    private final EventCodec codec = new EventCodec();

    @Test
    void videoRequestsAndRecordsAreCountedNotTakenForDeadLetters(@TempDir Path dir) throws Exception {
        assertThat(LocalPipeline.TOPICS).contains(Topics.VIDEOS_REQUESTED, Topics.VIDEOS_ARCHIVED);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(1, LocalPipeline.TOPICS);
            VideoCaptureRequested first = request("http://127.0.0.1:1/video/master.m3u8");
            VideoCaptureRequested second = request("http://127.0.0.1:1/video/other.m3u8");
            List<String> said = new ArrayList<>();
            try (ProgressMonitor monitor = new ProgressMonitor(kafka.bootstrapServers(), LocalPipeline.TOPICS);
                 KafkaProducer<String, byte[]> producer = producer(kafka)) {
                producer.send(new ProducerRecord<>(Topics.VIDEOS_REQUESTED, first.postId(), codec.write(first))).get();
                producer.send(new ProducerRecord<>(Topics.VIDEOS_REQUESTED, second.postId(), codec.write(second))).get();
                producer.send(new ProducerRecord<>(Topics.VIDEOS_ARCHIVED, first.postId(), codec.write(record(first)))).get();
                // Custody ledger entries ride beside every stage's output; they are not dead letters either.
                producer.send(new ProducerRecord<>(Topics.LEDGER_ENTRIES, first.postId(), codec.write(
                        org.evidencepipeline.contracts.LedgerEntry.of(org.evidencepipeline.contracts.LedgerEntry.VIDEO_PART,
                                "sha256/ab/cd/" + "ab".repeat(32), "ab".repeat(32), 1, first.captureId(), first.postId(), 1,
                                List.of(), java.time.Instant.now(), null)))).get();
                producer.send(new ProducerRecord<>(Topics.DEAD_LETTER_CAPTURER, first.postId(), new byte[]{'x'})).get();

                ProgressMonitor.Progress progress = monitor.snapshot();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((progress.videosRequested().size() < 2 || progress.videosArchived().isEmpty() || progress.deadLetters() < 1)
                        && System.nanoTime() < deadline) {
                    progress = monitor.poll(Duration.ofMillis(500), said::add);
                }

                assertThat(progress.videosRequested()).containsOnlyKeys(first.captureId(), second.captureId());
                assertThat(progress.videosArchived()).containsOnlyKeys(first.captureId());
                assertThat(progress.videosPending()).containsExactly(second.captureId());
                assertThat(progress.deadLetters()).as("only the dead letter").isEqualTo(1);
                assertThat(said.get(said.size() - 1)).contains("videos 1/2 {captured=1}");
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static VideoCaptureRequested request(String streamUrl) {
        return new VideoCaptureRequested(VideoCaptureRequested.SCHEMA_VERSION, "rss:k:demo-1009", 1, "rss",
                "http://127.0.0.1:1/posts/1009", streamUrl, VideoCaptureRequested.HLS, List.of("demo-wire-all"),
                Instant.parse("2026-12-02T01:00:00Z"), new ToolInfo("collector", "0.1.0-SNAPSHOT", "cfg"));
    }

    private static VideoArchived record(VideoCaptureRequested q) {
        return new VideoArchived(VideoArchived.SCHEMA_VERSION, q.postId(), q.postVersion(), q.collectionIds(), LocalPipeline.BUCKET,
                new VideoCaptureOutcome.Captured(q.streamUrl(), q.captureId(), 4, 33_000L, 4.0, null, "ffmpeg not found",
                        "provenance/videos/" + q.captureId() + ".json"),
                null, new KafkaCoordinates(Topics.VIDEOS_REQUESTED, 0, 0), Instant.parse("2026-12-02T01:00:05Z"),
                new ToolInfo("capturer", "0.1.0-SNAPSHOT", "cfg"));
    }
}
