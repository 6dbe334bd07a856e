package org.evidencepipeline.messaging.relay;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The outgoing records of a stage: keyed by the stable post id (or whatever the topic is keyed by), and carrying the
 * input's trace, so one post is one trace from collection to archive.
 */
public final class Outputs {
    private Outputs() {
    }

    /** {@code payload} keyed by {@code key}, to the channel's own topic. */
    public static <T> Message<T> keyed(T payload, String key) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    /** {@code payload} keyed by {@code key}, to {@code topic} instead of the channel's own (researcher topic feeds). */
    public static <T> Message<T> keyed(T payload, String key, String topic) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withTopic(topic).build());
    }

    /** {@code out} continuing the trace of {@code in}, when tracing is on. */
    public static <T> Message<T> traced(Message<?> in, Message<T> out) {
        return TracingMetadata.fromMessage(in).map(out::addMetadata).orElse(out);
    }

    /** The W3C trace id the input has carried since the collector published it, or null when tracing is off. */
    public static String traceId(Message<?> in) {
        return TracingMetadata.fromMessage(in)
                .map(t -> Span.fromContext(t.getCurrentContext()).getSpanContext())
                .filter(SpanContext::isValid)
                .map(SpanContext::getTraceId)
                .orElse(null);
    }
}
