package org.evidencepipeline.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs shutdown steps on daemon threads and waits for them only so long: a step that hangs (an embedded broker's
 * shutdown can) is left behind instead of holding the whole stop. Daemon threads never keep the JVM alive.
 */
final class Bounded {
    private Bounded() {
    }

    /** Runs {@code step}; true if it ended (normally or not) within {@code budget}. */
    static boolean run(String name, Runnable step, Duration budget) {
        return all(name, List.of(step), budget);
    }

    /** Runs the steps in parallel; true if all ended within {@code budget}. */
    static boolean all(String name, List<Runnable> steps, Duration budget) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable step : steps) {
            Thread t = new Thread(() -> {
                try {
                    step.run();
                } catch (RuntimeException ignored) {
                    // stopping anyway: a failing stop must not turn into a stack trace
                }
            }, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + budget.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            long left = (deadline - System.nanoTime() + 999_999) / 1_000_000; // rounded up: the whole budget
            try {
                if (left > 0) {
                    t.join(left);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
