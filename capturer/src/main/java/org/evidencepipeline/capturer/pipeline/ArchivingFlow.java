package org.evidencepipeline.capturer.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.CapturerConfig;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.messaging.deadletter.DeadLetters;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What every capturer processor does with one request record: decode it (not a valid request: dead letter with the
 * reason), capture it while retrying an unreachable archive with back-off up to {@code capturer.s3.retry-for} (then
 * dead letter), publish the one result record keyed by post id and acknowledge the input only once the broker has it
 * (a failed publish: dead letter). So every request ends in a record or a dead letter.
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

    /** Counts and times each result (by outcome), once it is captured and before it is published. */
    @FunctionalInterface
    interface Recorded<T> {
        void recorded(T record, Timer.Sample sample);
    }

    private final EventCodec codec = new EventCodec();
    private final Class<R> type;
    private final String what;
    private final Function<R, String> postId;
    private final Function<T, String> key;
    private final CapturerConfig.S3 s3;
    private final MeterRegistry metrics;
    private final MutinyEmitter<T> out;
    private final MutinyEmitter<byte[]> oversized;

    /** @param what the request's kind in log lines ({@code page}, {@code video}) */
    ArchivingFlow(Class<R> type, String what, Function<R, String> postId, Function<T, String> key, CapturerConfig.S3 s3,
                  MeterRegistry metrics, MutinyEmitter<T> out, MutinyEmitter<byte[]> oversized) {
        this.type = type;
        this.what = what;
        this.postId = postId;
        this.key = key;
        this.s3 = s3;
        this.metrics = metrics;
        this.out = out;
        this.oversized = oversized;
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
        T record;
        Timer.Sample sample = Timer.start(metrics);
        try {
            record = withRetry(capture, request, input, traceId(in));
        } catch (StorageException e) {
            metrics.counter("capturer.dead.letters", "reason", "storage-unavailable").increment();
            return deadLetter(in, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        recorded.recorded(record, sample);
        Message<T> message = traced(in, Message.of(record)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key.apply(record)).build()));
        return out.sendMessage(message)
                .chain(() -> Uni.createFrom().completionStage(in.ack()))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf("cannot publish %s record of %s: %s", what, postId.apply(request), e.getMessage());
                    return Uni.createFrom().completionStage(deadLetter(in, e));
                })
                .subscribeAsCompletionStage();
    }

    private T withRetry(Capture<R, T> capture, R request, KafkaCoordinates input, String traceId)
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

    /** The trace this request has carried since the collector published it (W3C trace id), if tracing is on. */
    static String traceId(Message<?> in) {
        return TracingMetadata.fromMessage(in)
                .map(t -> Span.fromContext(t.getCurrentContext()).getSpanContext())
                .filter(SpanContext::isValid)
                .map(SpanContext::getTraceId)
                .orElse(null);
    }

    private static <M> Message<M> traced(Message<?> in, Message<M> out) {
        return TracingMetadata.fromMessage(in).map(out::addMetadata).orElse(out);
    }
}
