package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a service is bounded even when it ignores SIGTERM, and safe when a shutdown hook and the main thread stop
 * (or kill, or wait on) the same process at once: once this ended with "Process.waitFor ... this.process is null".
 */
class ServiceProcessStopIsBoundedTest {

    @Test
    void serviceIgnoringSigtermIsKilledAfterTheGrace(@TempDir Path dir) {
        ServiceProcess p = ServiceProcess.ofCommand("stubborn", List.of("sh", "-c", "trap '' TERM; echo ready; exec sleep 60"),
                Map.of(), dir.resolve("stubborn.log"));
        p.start();
        sleepUntilLogged(p, "ready");
        long t0 = System.nanoTime();
        boolean onSigterm = p.stop(Duration.ofMillis(700));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(onSigterm).isFalse();
        assertThat(p.isAlive()).isFalse();
        assertThat(p.exitCode()).hasValue(137);
        assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
    }

    @Test
    void serviceHonouringSigtermStopsAtOnce(@TempDir Path dir) {
        ServiceProcess p = ServiceProcess.ofCommand("polite", List.of("sh", "-c", "exec sleep 60"), Map.of(), dir.resolve("polite.log"));
        p.start();
        assertThat(p.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(p.exitCode()).hasValue(143);
        assertThat(p.stop(Duration.ofSeconds(10))).as("a second stop is a no-op").isTrue();
    }

    @Test
    void concurrentStopsKillsAndWaitsDoNotFail(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 5; round++) {
            ServiceProcess p = ServiceProcess.ofCommand("raced", List.of("sh", "-c", "exec sleep 60"), Map.of(), dir.resolve("raced.log"));
            p.start();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Runnable> actions = List.of(() -> p.stop(Duration.ofSeconds(5)), p::kill, () -> p.stop(Duration.ofSeconds(5)),
                    () -> {
                        try {
                            p.awaitExit();
                            p.exitCode().orElseThrow();
                            p.pid();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            List<Thread> threads = actions.stream().map(a -> new Thread(() -> {
                try {
                    go.await();
                    a.run();
                } catch (Throwable t) {
                    failures.add(t);
                }
            })).toList();
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(failures).isEmpty();
            assertThat(p.isAlive()).isFalse();
        }
    }

    private static void sleepUntilLogged(ServiceProcess p, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !String.join("\n", p.lastLogLines(5)).contains(text)) {
            ServiceProcess.sleep(20);
        }
    }
}
