package org.evidencepipeline.messaging.relay;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

/**
 * Takes the outputs of one input record to the broker and settles the input after them: acknowledged once the
 * broker acknowledged every output, dead-lettered (through the stage's {@code deadLetter}) when any of them fails.
 * So an offset is still committed only after everything its record led to is durable: the channels' throttled commit
 * strategy commits an offset only when it and every offset before it are acknowledged.
 * <p>
 * What changes with #17 is that the stage no longer waits. {@link #forward} returns as soon as the outputs are handed
 * to the producer, and the consumer goes on with the next record while the broker acknowledges the earlier ones. Many
 * records' outputs are then in the producer at once and go out in batches ({@code linger.ms}): one produce request,
 * one broker round trip and one log append carry many records, instead of one each. One record in flight per consumer
 * cost a round trip and most of the broker's CPU per post (BENCHMARKS.md).
 * <p>
 * {@code maxInFlight} bounds the outputs not yet acknowledged; past it {@link #forward} blocks (on the stage's worker
 * thread) until the broker catches up, which is back-pressure onto the consumer. A poison record is still
 * dead-lettered alone: each input is settled on its own outputs, and an output the broker refuses as too large fails
 * alone too, because a record over the producer's {@code batch.size} (16 KiB) travels in a batch of its own. (Keep a
 * topic's {@code max.message.bytes} above {@code batch.size}, as Kafka's defaults are, or one large record fails the
 * batch of small ones it lingered with.) The record's stage in the crash guard completes at
 * the hand-off: a process that dies after it has done the record's own work, and the unacknowledged record is redone
 * after the restart (at-least-once; the writes downstream are idempotent). Likewise a rebalance that moves a partition
 * while some of its records are handed off but not yet acknowledged: the new owner does them again, so a rebalance
 * repeats up to a few milliseconds more work than when each record was awaited.
 * <p>
 * When the acknowledgement or the dead letter itself fails (the broker gone for longer than the producer's
 * {@code delivery.timeout.ms}), the input stays unacknowledged: its offset is never committed, the throttled strategy
 * reports the channel unhealthy after {@code throttled.unprocessed-record-max-age.ms}, and the record is redone after
 * the restart. Nothing is lost; it is only not reported through the returned stage, which has completed already.
 */
public final class Relay {
    private static final Logger LOG = Logger.getLogger(Relay.class);

    private final int maxInFlight;
    private final boolean awaitOutputs;
    private final Semaphore permits;

    public Relay(int maxInFlight, boolean awaitOutputs) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("pipeline.relay.max-in-flight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.awaitOutputs = awaitOutputs;
        this.permits = new Semaphore(maxInFlight, true);
    }

    public static Relay of(RelayConfig config) {
        return new Relay(config.maxInFlight(), config.awaitOutputs());
    }

    /**
     * Sends {@code outputs} (lazy: nothing is sent until here) and settles {@code in} after them.
     *
     * @param what       names the record in the log line of a failure ("enriched post rss:…")
     * @param deadLetter how this stage dead-letters an input record
     * @return completes when the outputs are handed to the producer, or, with {@code await-outputs}, when the input
     * is acknowledged or dead-lettered
     */
    public CompletionStage<Void> forward(Message<byte[]> in, String what, List<Uni<Void>> outputs,
                                         BiFunction<Message<byte[]>, Throwable, CompletionStage<Void>> deadLetter) {
        if (outputs.isEmpty()) {
            return in.ack();
        }
        int needed = Math.min(outputs.size(), maxInFlight);
        try {
            permits.acquire(needed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        CompletionStage<Void> settled = settle(in, what, Uni.join().all(outputs).andFailFast().replaceWithVoid(), needed, deadLetter);
        return awaitOutputs ? settled : CompletableFuture.completedFuture(null);
    }

    /**
     * As {@link #forward}, for a record that can lead to more outputs than the producer should hold at once (the
     * capturer: a video's thousands of parts, each a ledger entry): at most {@code concurrency} of them are handed
     * to the producer at a time, and the call always returns once {@code in} is settled (the stage takes one record at a
     * time anyway). The relay's in-flight count holds {@code concurrency} (at most {@code max-in-flight}) meanwhile.
     *
     * @param outputs lazy, as for {@link #forward}; each is sent only when one before it has been acknowledged
     */
    public CompletionStage<Void> forwardAwaited(Message<byte[]> in, String what, List<Uni<Void>> outputs, int concurrency,
                                                BiFunction<Message<byte[]>, Throwable, CompletionStage<Void>> deadLetter) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (outputs.isEmpty()) {
            return in.ack();
        }
        int needed = Math.min(Math.min(outputs.size(), concurrency), maxInFlight);
        try {
            permits.acquire(needed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        Uni<Void> all = Multi.createFrom().iterable(outputs).onItem().transformToUni(u -> u).merge(needed)
                .collect().last().replaceWithVoid();
        return settle(in, what, all, needed, deadLetter);
    }

    /** Acknowledges {@code in} once {@code outputs} succeeded, else dead-letters it; gives back {@code held} permits. */
    private CompletionStage<Void> settle(Message<byte[]> in, String what, Uni<Void> outputs, int held,
                                         BiFunction<Message<byte[]>, Throwable, CompletionStage<Void>> deadLetter) {
        return outputs
                .onItem().transformToUni(v -> Uni.createFrom().completionStage(in::ack))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf("cannot publish %s, dead-lettering its input: %s", what, e.getMessage());
                    return Uni.createFrom().completionStage(() -> deadLetter.apply(in, e));
                })
                .onFailure().invoke(e -> LOG.errorf(
                        "%s is neither acknowledged nor dead-lettered (%s); its offset stays uncommitted and it is redone after a restart",
                        what, e.getMessage()))
                .eventually(() -> permits.release(held))
                .subscribeAsCompletionStage();
    }

    /** Outputs handed to the producer and not yet acknowledged (or dead-lettered), for a gauge. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }
}
