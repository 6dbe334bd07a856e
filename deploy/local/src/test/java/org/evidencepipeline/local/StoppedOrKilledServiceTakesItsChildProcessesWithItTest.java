package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's own children (the capturer's chromedriver and Chromium) end with it, whether it is killed (as a crash or
 * the tests do) or stopped and has to be killed after the grace: none is left orphaned. The child here ignores SIGTERM
 * and outlives its parent on its own, as a browser whose driver died would.
 */
class StoppedOrKilledServiceTakesItsChildProcessesWithItTest {
    /** A parent that starts a stubborn child (in the background, so it is a separate process) and waits. */
    private static final String PARENT = "(trap '' TERM; exec sleep 120) & echo child $!; exec sleep 120";

    @Test
    void killEndsTheChildren(@TempDir Path dir) {
        ServiceProcess p = ServiceProcess.ofCommand("parent", List.of("sh", "-c", PARENT), Map.of(), dir.resolve("p.log"));
        p.start();
        ProcessHandle child = awaitChild(p);
        p.kill();
        assertThat(p.isAlive()).isFalse();
        assertThat(awaitGone(child)).as("child " + child.pid() + " outlived its killed parent").isTrue();
    }

    @Test
    void stopEndsTheChildrenToo(@TempDir Path dir) {
        ServiceProcess p = ServiceProcess.ofCommand("parent", List.of("sh", "-c", "trap '' TERM; " + PARENT), Map.of(), dir.resolve("p.log"));
        p.start();
        ProcessHandle child = awaitChild(p);
        assertThat(p.stop(Duration.ofMillis(500))).as("ignores SIGTERM: killed after the grace").isFalse();
        assertThat(awaitGone(child)).as("child " + child.pid() + " outlived its stopped parent").isTrue();
    }

    private static ProcessHandle awaitChild(ServiceProcess p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String log = String.join("\n", p.lastLogLines(3));
            if (log.contains("child ")) {
                long pid = Long.parseLong(log.substring(log.indexOf("child ") + 6).strip().split("\\s")[0]);
                ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
                assertThat(child.isAlive()).isTrue();
                return child;
            }
            ServiceProcess.sleep(20);
        }
        throw new AssertionError("the parent never started its child: " + p.lastLogLines(5));
    }

    private static boolean awaitGone(ProcessHandle child) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                return true;
            }
            ServiceProcess.sleep(20);
        }
        child.destroyForcibly();
        return false;
    }
}
