package org.evidencepipeline.local;

/** A supervised service as the progress line shows it. */
public sealed interface ServiceState {
    /** Running (or starting for the first time). */
    record Up() implements ServiceState {
    }

    /** Exited and waiting for, or in, restart number {@code attempt}. */
    record Restarting(int attempt, int maxRestarts, int lastExitCode) implements ServiceState {
    }

    /** Given up on: stays down. */
    record GaveUp(int restarts, int lastExitCode) implements ServiceState {
    }

    static String describe(String service, ServiceState state) {
        if (state instanceof Restarting r) {
            return service + " DOWN (exit " + r.lastExitCode() + "), restarting " + r.attempt() + "/" + r.maxRestarts();
        }
        if (state instanceof GaveUp g) {
            return service + " DOWN (exit " + g.lastExitCode() + "), given up after " + g.restarts() + " restart(s)";
        }
        return service + " up";
    }
}
