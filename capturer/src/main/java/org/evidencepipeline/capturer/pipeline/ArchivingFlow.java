package org.evidencepipeline.capturer.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.CapturerConfig;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.messaging.deadletter.DeadLetters;
import org.evidencepipeline.messaging.relay.Outputs;
import org.evidencepipeline.messaging.relay.Relay;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What every capturer processor does with one request record: decode it (not a valid request: dead letter with the
 * reason), capture it while retrying an unreachable archive with back-off up to {@code capturer.s3.retry-for} (then
 * dead letter), publish the one result record keyed by post id beside the custody ledger entries of every object the
 * capture has on record (also on an idempotent republish, rebuilt from the provenance on file), and acknowledge the
 * input only once the broker has all of them (a failed publish: dead letter). So every request ends in a record or a
 * dead letter, and no capture is acknowledged before its objects are in the ledger's input.
 *
 * @param <R> the request
 * @param <T> the result record
 */
final class ArchivingFlow<R, T> {
    private static final Logger LOG = Logger.getLogger(ArchivingFlow.class);

    /** The capture itself; throws {@link StorageException} only while the archive cannot be reached. */
    @FunctionalInterface
    interface Capture<R, T> {
        T capture(R request, KafkaCoordinates input, String traceId) throws StorageException, InterruptedException;
    }

    /** The ledger entries of a result record; throws {@link StorageException} only while the archive cannot be reached. */
    @FunctionalInterface
    interface Ledgered<T> {
        List<LedgerEntry> entries(T record) throws StorageException;
    }

    /** A result and the ledger entries of what it has on record. */
    private record Archived<T>(T record, List<LedgerEntry> entries) {
    }

    /** Counts and times each result (by outcome), once it is captured and before it is published. */
    @FunctionalInterface
    interface Recorded<T> {
        void recorded(T record, Timer.Sample sample);
    }

    /** Outputs of one capture handed to the emitters and not yet acknowledged (an emitter's buffer holds 128 by default). */
    static final int IN_FLIGHT = 64;

    private final EventCodec codec = new EventCodec();
    private final Class<R> type;
    private final String what;
    private final Function<R, String> postId;
    private final Function<T, String> key;
    private final CapturerConfig.S3 s3;
    private final MeterRegistry metrics;
    private final MutinyEmitter<T> out;
    private final MutinyEmitter<byte[]> oversized;
    private final Ledgered<T> ledgered;
    private final MutinyEmitter<LedgerEntry> ledger;
    private final Relay relay;

    /**
     * @param what     the request's kind in log lines ({@code page}, {@code video})
     * @param ledgered the ledger entries of a result
     * @param ledger   where they go ({@code ledger-entries}, {@link org.evidencepipeline.contracts.Topics#LEDGER_ENTRIES})
     * @param relay    sends the outputs and settles the input after them, as in every stage
     */
    ArchivingFlow(Class<R> type, String what, Function<R, String> postId, Function<T, String> key, CapturerConfig.S3 s3,
                  MeterRegistry metrics, MutinyEmitter<T> out, MutinyEmitter<byte[]> oversized, Ledgered<T> ledgered,
                  MutinyEmitter<LedgerEntry> ledger, Relay relay) {
        this.type = type;
        this.what = what;
        this.postId = postId;
        this.key = key;
        this.s3 = s3;
        this.metrics = metrics;
        this.out = out;
        this.oversized = oversized;
        this.ledgered = ledgered;
        this.ledger = ledger;
        this.relay = relay;
    }

    CompletionStage<Void> handle(Message<byte[]> in, Capture<R, T> capture, Recorded<T> recorded) {
        R request;
        try {
            request = codec.read(in.getPayload(), type);
        } catch (EventCodec.InvalidEventException e) {
            LOG.warnf("dead-lettering record: %s", e.getMessage());
            metrics.counter("capturer.dead.letters", "reason", "invalid-event").increment();
            return deadLetter(in, e);
        }
        KafkaCoordinates input = in.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new KafkaCoordinates(m.getTopic(), m.getPartition(), m.getOffset())).orElse(null);
        Archived<T> archived;
        Timer.Sample sample = Timer.start(metrics);
        try {
            // The entries are read inside the retry: their provenance and token are read back from the archive.
            archived = withRetry((r, i, t) -> {
                T result = capture.capture(r, i, t);
                return new Archived<>(result, ledgered.entries(result));
            }, request, input, Outputs.traceId(in));
        } catch (StorageException e) {
            metrics.counter("capturer.dead.letters", "reason", "storage-unavailable").increment();
            return deadLetter(in, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        T record = archived.record();
        recorded.recorded(record, sample);
        Message<T> message = Outputs.traced(in, Outputs.keyed(record, key.apply(record)));
        // Awaited together through the relay: a few round trips, not one per entry. At most IN_FLIGHT outputs wait at a
        // time, so a stream of thousands of segments does not overflow the emitter's buffer.
        List<Uni<Void>> outputs = new ArrayList<>(1 + archived.entries().size());
        outputs.add(out.sendMessage(message));
        for (LedgerEntry entry : archived.entries()) {
            outputs.add(publish(in, entry));
        }
        return relay.forwardAwaited(in, what + " record of " + postId.apply(request), outputs, IN_FLIGHT, this::deadLetter);
    }

    /** Keyed by the post id, so a post's entries share one ledger shard; by the object key for an entry without one. */
    private Uni<Void> publish(Message<byte[]> in, LedgerEntry entry) {
        String k = entry.postId() != null ? entry.postId() : entry.key();
        return ledger.sendMessage(Outputs.traced(in, Outputs.keyed(entry, k)))
                .invoke(() -> metrics.counter("capturer.ledger.entries.published", "kind", entry.kind()).increment());
    }

    private <X> X withRetry(Capture<R, X> capture, R request, KafkaCoordinates input, String traceId)
            throws StorageException, InterruptedException {
        long deadline = System.nanoTime() + s3.retryFor().toNanos();
        Duration delay = Duration.ofMillis(500);
        while (true) {
            try {
                return capture.capture(request, input, traceId);
            } catch (StorageException e) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new StorageException("archive unreachable for " + s3.retryFor() + ": " + e.getMessage(), e);
                }
                long sleep = Math.max(1, Math.min(delay.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining)));
                LOG.warnf("archive unavailable (%s); retrying %s of %s in %d ms", e.getMessage(), what, postId.apply(request), sleep);
                metrics.counter("capturer.storage.retries").increment();
                Thread.sleep(sleep);
                delay = delay.multipliedBy(2);
                if (delay.compareTo(s3.maxRetryDelay()) > 0) {
                    delay = s3.maxRetryDelay();
                }
            }
        }
    }

    /** The whole input record to the dead-letter topic, byte for byte or cut short when too large ({@link DeadLetters}). */
    CompletionStage<Void> deadLetter(Message<byte[]> in, Throwable reason) {
        return DeadLetters.deadLetter(in, reason, oversized);
    }
}
