package org.evidencepipeline.embedded;

/** A sleep for polling loops and test servers' delays: an interrupt ends it with an exception, keeping the flag. */
public final class Pause {
    private Pause() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
