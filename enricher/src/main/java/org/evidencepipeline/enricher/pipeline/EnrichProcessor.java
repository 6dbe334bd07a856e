package org.evidencepipeline.enricher.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.enricher.feeds.FeedRouter;
import org.evidencepipeline.messaging.crashguard.GuardedIncoming;
import org.evidencepipeline.messaging.deadletter.DeadLetters;
import org.evidencepipeline.messaging.deadletter.OversizedDeadLetter;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code posts.collected.v1} as raw bytes (so a poison record reaches the dead-letter topic
 * byte for byte), enriches each post off the event loop, publishes {@code posts.enriched.v1} keyed by
 * post id and a copy to each researcher topic feed ({@link FeedRouter}), and acknowledges the input only when the broker has the output. The throttled commit
 * strategy then commits offsets only up to the last acknowledged record: nothing is skipped on restart.
 */
@ApplicationScoped
public class EnrichProcessor {
    private static final Logger LOG = Logger.getLogger(EnrichProcessor.class);

    private final EventCodec codec = new EventCodec();

    @Inject
    Enricher enricher;

    @Inject
    @Channel("posts-enriched")
    MutinyEmitter<PostEnriched> out;

    @Inject
    @Channel("topic-feeds")
    MutinyEmitter<PostEnriched> feeds;

    @Inject
    FeedRouter router;

    /** Records too large to dead-letter whole, see {@link OversizedDeadLetter}. */
    @Inject
    @Channel("oversized-dead-letter")
    MutinyEmitter<byte[]> oversized;

    @Inject
    MeterRegistry metrics;

    /** A record that crashed this consumer twice is dead-lettered instead of processed (pipeline.crash-guard.*). */
    @Inject
    GuardedIncoming crashGuard;

    @Incoming("posts-collected")
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> in) {
        return crashGuard.process(in, this::enrich, this::deadLetter);
    }

    private CompletionStage<Void> enrich(Message<byte[]> in) {
        PostEnriched enriched;
        try {
            Timer.Sample sample = Timer.start(metrics);
            PostCollected post = codec.read(in.getPayload(), PostCollected.class);
            enriched = enricher.enrich(post);
            sample.stop(metrics.timer("enricher.enrich.duration"));
        } catch (EventCodec.InvalidEventException | IllegalArgumentException e) {
            LOG.warnf("dead-lettering record: %s", e.getMessage());
            metrics.counter("enricher.dead.letters", "reason", "invalid-event").increment();
            return deadLetter(in, e);
        }
        Counter.builder("enricher.posts.enriched").tag("language", enriched.language().code())
                .tag("platform", enriched.post().platform()).register(metrics).increment();
        Message<PostEnriched> message = traced(in, Message.of(enriched)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(enriched.postId()).build()));
        List<Uni<Void>> sends = new ArrayList<>();
        sends.add(out.sendMessage(message));
        for (String topic : router.topics(enriched)) {
            sends.add(feeds.sendMessage(traced(in, Message.of(enriched).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(enriched.postId()).withTopic(topic).build()))));
        }
        // The input is acknowledged only once the enriched post and every feed copy are on the broker.
        return Uni.join().all(sends).andFailFast()
                .onItem().transformToUni(v -> io.smallrye.mutiny.Uni.createFrom().completionStage(in.ack()))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf("cannot publish enriched post %s: %s", enriched.postId(), e.getMessage());
                    return io.smallrye.mutiny.Uni.createFrom().completionStage(deadLetter(in, e));
                })
                .subscribeAsCompletionStage();
    }

    /** To the dead-letter topic, byte for byte, or cut short when too large ({@link DeadLetters}). */
    private CompletionStage<Void> deadLetter(Message<byte[]> in, Throwable reason) {
        return DeadLetters.deadLetter(in, reason, oversized);
    }

    /** Continues the input's trace, so one post is one trace from collection to archive. */
    static <T> Message<T> traced(Message<?> in, Message<T> out) {
        return TracingMetadata.fromMessage(in).map(out::addMetadata).orElse(out);
    }
}
