package org.evidencepipeline.capturer.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.CapturerConfig;
import org.evidencepipeline.capturer.capture.PageCapturer;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.messaging.crashguard.GuardedIncoming;
import org.evidencepipeline.messaging.deadletter.DeadLetters;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Consumes {@code pages.requested.v1}, captures each page, and publishes one {@code pages.archived.v1} record per
 * request (captured, failed, refused or skipped), keyed by post id; the input is acknowledged only once that record is
 * acknowledged by the broker. While the archive is unreachable the request is retried with back-off (blocking the
 * partition), up to {@code capturer.s3.retry-for}; then, like a record that is not a valid request, it goes to the
 * dead-letter topic with the reason. So every request ends in a record or a dead letter.
 */
@ApplicationScoped
public class CaptureProcessor {
    private static final Logger LOG = Logger.getLogger(CaptureProcessor.class);

    private final EventCodec codec = new EventCodec();

    @Inject
    PageCapturer capturer;
    @Inject
    CapturerConfig config;
    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("pages-archived")
    MutinyEmitter<PageArchived> archived;

    /** Records too large to dead-letter whole ({@link org.evidencepipeline.messaging.deadletter.OversizedDeadLetter}). */
    @Inject
    @Channel("oversized-dead-letter")
    MutinyEmitter<byte[]> oversized;

    /** A record that crashed this consumer twice is dead-lettered instead of processed (pipeline.crash-guard.*). */
    @Inject
    GuardedIncoming crashGuard;

    @Incoming("pages-requested")
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> in) {
        return crashGuard.process(in, this::capture, this::deadLetterRecord);
    }

    private CompletionStage<Void> capture(Message<byte[]> in) {
        PageCaptureRequested request;
        try {
            request = codec.read(in.getPayload(), PageCaptureRequested.class);
        } catch (EventCodec.InvalidEventException e) {
            LOG.warnf("dead-lettering record: %s", e.getMessage());
            metrics.counter("capturer.dead.letters", "reason", "invalid-event").increment();
            return deadLetterRecord(in, e);
        }
        KafkaCoordinates input = in.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new KafkaCoordinates(m.getTopic(), m.getPartition(), m.getOffset())).orElse(null);
        PageArchived record;
        Timer.Sample sample = Timer.start(metrics);
        try {
            record = captureWithRetry(request, input, traceId(in));
        } catch (StorageException e) {
            metrics.counter("capturer.dead.letters", "reason", "storage-unavailable").increment();
            return deadLetterRecord(in, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        String outcome = record.outcome().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        sample.stop(metrics.timer("capturer.page", "outcome", outcome));
        metrics.counter("capturer.pages", "outcome", outcome).increment();
        Message<PageArchived> out = traced(in, Message.of(record)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.postId()).build()));
        return archived.sendMessage(out)
                .chain(() -> Uni.createFrom().completionStage(in.ack()))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf("cannot publish page record of %s: %s", request.postId(), e.getMessage());
                    return Uni.createFrom().completionStage(deadLetterRecord(in, e));
                })
                .subscribeAsCompletionStage();
    }

    private PageArchived captureWithRetry(PageCaptureRequested request, KafkaCoordinates input, String traceId)
            throws StorageException, InterruptedException {
        long deadline = System.nanoTime() + config.s3().retryFor().toNanos();
        Duration delay = Duration.ofMillis(500);
        while (true) {
            try {
                return capturer.capture(request, input, traceId);
            } catch (StorageException e) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new StorageException("archive unreachable for " + config.s3().retryFor() + ": " + e.getMessage(), e);
                }
                long sleep = Math.max(1, Math.min(delay.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining)));
                LOG.warnf("archive unavailable (%s); retrying page of %s in %d ms", e.getMessage(), request.postId(), sleep);
                metrics.counter("capturer.storage.retries").increment();
                Thread.sleep(sleep);
                delay = delay.multipliedBy(2);
                if (delay.compareTo(config.s3().maxRetryDelay()) > 0) {
                    delay = config.s3().maxRetryDelay();
                }
            }
        }
    }

    /** The whole input record to the dead-letter topic, byte for byte or cut short when too large ({@link DeadLetters}). */
    private CompletionStage<Void> deadLetterRecord(Message<byte[]> in, Throwable reason) {
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

    private static <T> Message<T> traced(Message<?> in, Message<T> out) {
        return TracingMetadata.fromMessage(in).map(out::addMetadata).orElse(out);
    }
}
