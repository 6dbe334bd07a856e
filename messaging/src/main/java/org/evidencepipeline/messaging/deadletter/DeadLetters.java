package org.evidencepipeline.messaging.deadletter;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.concurrent.CompletionStage;

/**
 * An input record to its stage's dead-letter topic: byte for byte through the channel's dead-letter-queue failure
 * strategy (nack), or, for a record too large for any producer with default limits (it would fail there too and stop
 * the channel for good, and again after every restart), as its head with its size and SHA-256 through the stage's
 * {@code oversized} emitter (same topic), then acknowledged. Extra headers of the reason ({@link DeadLetterReason})
 * go with the record on both paths.
 */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static CompletionStage<Void> deadLetter(Message<byte[]> in, Throwable reason, MutinyEmitter<byte[]> oversized) {
        RecordHeaders extra = reason instanceof DeadLetterReason r ? r.headers() : new RecordHeaders();
        if (!OversizedDeadLetter.applies(in.getPayload())) {
            // The failure strategy copies the headers of this metadata onto the dead letter (topic and key stay its own).
            return extra.toArray().length == 0 ? in.nack(reason)
                    : in.nack(reason, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(extra).build()));
        }
        return oversized.sendMessage(OversizedDeadLetter.of(in, reason, extra))
                .chain(() -> Uni.createFrom().completionStage(in.ack()))
                .subscribeAsCompletionStage();
    }
}
