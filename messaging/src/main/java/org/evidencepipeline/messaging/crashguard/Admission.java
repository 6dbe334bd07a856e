package org.evidencepipeline.messaging.crashguard;

import java.time.Instant;

/** What to do with a record that arrives: process it (the how-many-th attempt), or dead-letter it. */
public sealed interface Admission {
    /** Process it; {@code attempt} 1 is the first time this instance has it in hand. */
    record Process(int attempt) implements Admission {
    }

    /** It crashed the consumer {@code crashes} times, the first at {@code firstCrash}: dead-letter it. */
    record DeadLetter(int crashes, Instant firstCrash) implements Admission {
    }
}
