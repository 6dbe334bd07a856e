package org.evidencepipeline.messaging.crashguard;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.evidencepipeline.messaging.deadletter.DeadLetterReason;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The reason of the dead letter of a record that crashed its consumer: "crashed the consumer", with the count. */
public final class CrashedTheConsumerException extends RuntimeException implements DeadLetterReason {
    public static final String REASON = "crashed the consumer";
    public static final String CRASH_COUNT_HEADER = "dead-letter-crash-count";
    public static final String FIRST_CRASH_HEADER = "dead-letter-first-crash";

    private final int crashes;
    private final Instant firstCrash;

    public CrashedTheConsumerException(int crashes, Instant firstCrash) {
        super(REASON, null, false, false);
        this.crashes = crashes;
        this.firstCrash = firstCrash;
    }

    public int crashes() {
        return crashes;
    }

    @Override
    public RecordHeaders headers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CRASH_COUNT_HEADER, Integer.toString(crashes).getBytes(StandardCharsets.UTF_8));
        headers.add(FIRST_CRASH_HEADER, firstCrash.toString().getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
