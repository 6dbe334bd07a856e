package org.evidencepipeline.messaging.deadletter;

import org.apache.kafka.common.header.internals.RecordHeaders;

/** A reason for a dead letter that carries headers of its own beside {@code dead-letter-reason}. */
public interface DeadLetterReason {
    RecordHeaders headers();
}
