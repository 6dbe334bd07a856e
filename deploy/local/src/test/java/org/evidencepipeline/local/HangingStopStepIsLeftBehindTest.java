package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shutdown step that hangs (as the embedded broker's shutdown once did, for minutes) costs its budget and no more:
 * the stop goes on, and says the step did not finish so the command line can halt.
 */
class HangingStopStepIsLeftBehindTest {

    @Test
    void hangingStepReturnsFalseWithinItsBudget() {
        CountDownLatch never = new CountDownLatch(1);
        long t0 = System.nanoTime();
        boolean finished = Bounded.run("hangs", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(finished).isFalse();
        assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(2));
        never.countDown();
    }

    @Test
    void parallelStepsShareOneBudgetAndAFailingStepCountsAsFinished() {
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        boolean finished = Bounded.all("steps", List.of(
                () -> sleep(300, done), () -> sleep(300, done), () -> sleep(300, done),
                () -> {
                    throw new IllegalStateException("stop failed");
                }), Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(finished).isTrue();
        assertThat(done).hasValue(3);
        assertThat(took).as("in parallel, not one after another").isLessThan(Duration.ofMillis(850));
    }

    private static void sleep(long millis, AtomicInteger done) {
        ServiceProcess.sleep(millis);
        done.incrementAndGet();
    }
}
