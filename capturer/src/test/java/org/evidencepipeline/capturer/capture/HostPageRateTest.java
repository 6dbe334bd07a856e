package org.evidencepipeline.capturer.capture;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostPageRateTest {

    /** A clock that moves only when the rate sleeps (or the test advances it), so the test measures the rate's waits. */
    static final class SteppedClock extends Clock {
        Instant now = Instant.parse("2026-12-02T01:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    private final SteppedClock clock = new SteppedClock();
    private final HostPageRate rate = new HostPageRate(clock, clock::sleep);
    private final Instant farDeadline = clock.now.plusSeconds(3600);

    @Test
    void secondPageOfAHostWaitsOneIntervalOfItsRate() throws Exception {
        assertThat(rate.acquire("t.me", 6, farDeadline)).isTrue();
        assertThat(rate.acquire("t.me", 6, farDeadline)).isTrue();
        assertThat(rate.acquire("t.me", 6, farDeadline)).isTrue();
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void otherHostsDoNotWaitForEachOther() throws Exception {
        rate.acquire("t.me", 1, farDeadline);
        rate.acquire("mastodon.social", 1, farDeadline);
        rate.acquire("T.ME".toLowerCase(), 60, farDeadline);
        assertThat(clock.sleeps).as("only t.me's second page waits, 1 s at 60 pages a minute").containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void hostNamesAreCaseInsensitive() throws Exception {
        rate.acquire("t.me", 2, farDeadline);
        rate.acquire("T.ME", 2, farDeadline);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void aPageAfterTheIntervalHasPassedDoesNotWait() throws Exception {
        rate.acquire("t.me", 6, farDeadline);
        clock.now = clock.now.plusSeconds(11);
        rate.acquire("t.me", 6, farDeadline);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void aSlotAfterTheDeadlineIsRefusedAtOnceAndTakesNoSlot() throws Exception {
        rate.acquire("t.me", 1, farDeadline);
        assertThat(rate.acquire("t.me", 1, clock.now.plusSeconds(30))).as("next slot in 60 s, deadline in 30 s").isFalse();
        assertThat(clock.sleeps).as("no wait for a slot it cannot use").isEmpty();
        // The refused request reserved nothing: the next one waits for the first's slot, not a later one.
        assertThat(rate.acquire("t.me", 1, farDeadline)).isTrue();
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void intervalIsAMinuteOverTheRate() {
        assertThat(HostPageRate.interval(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(HostPageRate.interval(1)).isEqualTo(Duration.ofMinutes(1));
    }
}
