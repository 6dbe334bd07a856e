package org.evidencepipeline.messaging.crashguard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector's form of the guard (a source poll in hand), on a real directory; a dropped guard is a dead process. */
class KeyedCrashGuardTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T19:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    KeyedCrashGuard start() {
        return new KeyedCrashGuard(dir, 2, CLOCK);
    }

    @Test
    void aPollThatEndsLeavesNoMarker() throws IOException {
        KeyedCrashGuard guard = start();
        assertThat(guard.admit("rss-kharkiv")).isEqualTo(new Admission.Process(1));
        guard.settled("rss-kharkiv");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThat(start().crashes("rss-kharkiv")).isEmpty();
    }

    @Test
    void aPollThatCrashedTheCollectorTwiceQuarantinesTheSourceAcrossRestarts() {
        start().admit("rss-kharkiv"); // dies polling it
        KeyedCrashGuard second = start();
        assertThat(second.crashes("rss-kharkiv")).contains(new KeyedCrashGuard.Crashes(1, CLOCK.instant()));
        assertThat(second.admit("rss-kharkiv")).isEqualTo(new Admission.Process(2)); // dies again

        KeyedCrashGuard third = start();
        assertThat(third.admit("rss-kharkiv")).isEqualTo(new Admission.DeadLetter(2, CLOCK.instant()));
        assertThat(third.admit("rss-odesa")).as("other sources are polled").isEqualTo(new Admission.Process(1));
        third.settled("rss-odesa");
        assertThat(start().admit("rss-kharkiv")).as("still quarantined after another restart").isInstanceOf(Admission.DeadLetter.class);
    }

    @Test
    void releaseLiftsTheQuarantineAndTheCountStartsAgain() {
        start().admit("tg/odesa");
        start().admit("tg/odesa");
        KeyedCrashGuard guard = start();
        assertThat(guard.admit("tg/odesa")).isInstanceOf(Admission.DeadLetter.class);
        guard.release("tg/odesa");
        assertThat(guard.admit("tg/odesa")).isEqualTo(new Admission.Process(1));
    }

    @Test
    void aPollThatCrashedOnceAndThenSucceededIsForgotten() {
        start().admit("rss-kharkiv");
        KeyedCrashGuard second = start();
        second.admit("rss-kharkiv");
        second.settled("rss-kharkiv");
        assertThat(start().crashes("rss-kharkiv")).isEmpty();
    }
}
