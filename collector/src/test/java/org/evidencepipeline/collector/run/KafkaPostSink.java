package org.evidencepipeline.collector.run;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.JsonSerializer;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.Topics;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Writes to the real broker with the same keys, topics and serializer as the service's emitters, for
 * tests that drive {@link SourceRunner} outside Quarkus (e.g. across a simulated process restart).
 */
final class KafkaPostSink implements PostSink, AutoCloseable {
    private final KafkaProducer<String, Object> producer;

    KafkaPostSink(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JsonSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    @Override
    public CompletionStage<Void> publish(PostCollected post) {
        return sendAsync(Topics.POSTS_COLLECTED, post.postId(), post);
    }

    @Override
    public CompletionStage<Void> requestPage(PageCaptureRequested request) {
        return sendAsync(Topics.PAGES_REQUESTED, request.postId(), request);
    }

    @Override
    public CompletionStage<Void> requestVideo(org.evidencepipeline.contracts.VideoCaptureRequested request) {
        return sendAsync(Topics.VIDEOS_REQUESTED, request.postId(), request);
    }

    @Override
    public CompletionStage<Void> ledger(org.evidencepipeline.contracts.LedgerEntry entry) {
        return sendAsync(Topics.LEDGER_ENTRIES, entry.key(), entry);
    }

    private CompletionStage<Void> sendAsync(String topic, String key, Object value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(e);
            }
        });
        return acked;
    }

    @Override
    public void deadLetter(CollectorDeadLetter letter) {
        send(Topics.DEAD_LETTER_COLLECTOR, letter.sourceId(), letter);
    }

    @Override
    public void deleted(PostDeleted deletion) {
        send(Topics.POSTS_DELETED, deletion.postId(), deletion);
    }

    private void send(String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
