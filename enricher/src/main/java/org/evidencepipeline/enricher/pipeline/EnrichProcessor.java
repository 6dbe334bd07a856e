package org.evidencepipeline.enricher.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
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
import org.evidencepipeline.messaging.relay.Outputs;
import org.evidencepipeline.messaging.relay.Relay;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code posts.collected.v1} as raw bytes (so a poison record reaches the dead-letter topic
 * byte for byte), enriches each post off the event loop, publishes {@code posts.enriched.v1} keyed by
 * post id and a copy to each researcher topic feed ({@link FeedRouter}), and acknowledges the input only when the broker
 * has every output ({@link Relay}: the next post is enriched meanwhile, and the outputs of many go out in one batch).
 * The throttled commit strategy then commits an offset only when it and every one before it are acknowledged: nothing
 * is skipped on restart.
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

    /** Sends each post's outputs and settles its input after them, without waiting (pipeline.relay.*). */
    @Inject
    Relay relay;

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
        List<Uni<Void>> sends = new ArrayList<>();
        sends.add(out.sendMessage(Outputs.traced(in, Outputs.keyed(enriched, enriched.postId()))));
        for (String topic : router.topics(enriched)) {
            sends.add(feeds.sendMessage(Outputs.traced(in, Outputs.keyed(enriched, enriched.postId(), topic))));
        }
        // The input is acknowledged only once the enriched post and every feed copy are on the broker.
        return relay.forward(in, "enriched post " + enriched.postId(), sends, this::deadLetter);
    }

    /** To the dead-letter topic, byte for byte, or cut short when too large ({@link DeadLetters}). */
    private CompletionStage<Void> deadLetter(Message<byte[]> in, Throwable reason) {
        return DeadLetters.deadLetter(in, reason, oversized);
    }
}
