package org.evidencepipeline.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

final class Eventually {
    private Eventually() {
    }

    /** Polls {@code condition} until it holds or {@code timeout} passed; its last answer. */
    static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
