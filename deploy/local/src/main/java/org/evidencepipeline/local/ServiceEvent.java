package org.evidencepipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the supervisor saw happen to a service; {@link #describe()} is the line shown to the user. */
public sealed interface ServiceEvent {
    String service();

    String describe();

    /** The process ended while nobody asked it to. */
    record Exited(String service, int exitCode, Path log, List<String> lastLines) implements ServiceEvent {
        public Exited {
            lastLines = List.copyOf(lastLines);
        }

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder(service + " EXITED with code " + exitCode + meaning(exitCode) + "; log " + log);
            if (!lastLines.isEmpty()) {
                b.append("; last lines:");
                lastLines.forEach(l -> b.append("\n    | ").append(l));
            }
            return b.toString();
        }

        private static String meaning(int code) {
            return switch (code) {
                case 137 -> " (killed: SIGKILL, e.g. kill -9 or out of memory)";
                case 143 -> " (SIGTERM)";
                case 3 -> " (with -XX:+ExitOnOutOfMemoryError this is an OutOfMemoryError)";
                default -> "";
            };
        }
    }

    /** A restart is scheduled after a back-off. */
    record Restarting(String service, int attempt, int maxRestarts, Duration delay) implements ServiceEvent {
        @Override
        public String describe() {
            return service + " restarting in " + delay.toMillis() / 1000.0 + " s (restart " + attempt + " of at most " + maxRestarts + ")";
        }
    }

    /** The fresh process is up (for an HTTP service: answering its liveness probe). */
    record Restarted(String service, int attempt, long pid, String url) implements ServiceEvent {
        @Override
        public String describe() {
            return service + " up again" + (url == null ? "" : " at " + url) + " (pid " + pid + ", restart " + attempt + ")";
        }
    }

    /** The fresh process could not be started or did not come up; the next exit counts as another try. */
    record RestartFailed(String service, int attempt, String reason) implements ServiceEvent {
        @Override
        public String describe() {
            return service + " restart " + attempt + " failed: " + reason;
        }
    }

    /** Too many restarts within the window: the service stays down and the run ends. */
    record GaveUp(String service, int restarts, Duration window, int lastExitCode, Path log) implements ServiceEvent {
        @Override
        public String describe() {
            return "GAVE UP on " + service + ": it exited again (code " + lastExitCode + ") after " + restarts
                    + " restart(s) within " + window.toSeconds() + " s; see " + log;
        }
    }
}
