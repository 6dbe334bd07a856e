package org.evidencepipeline.capturer.video.ytdlp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a child process and everything it started (yt-dlp runs ffmpeg to merge), so a deadline leaves nothing behind. */
final class ProcessTree {
    private static final long REAP_MILLIS = 2_000;

    private ProcessTree() {
    }

    static void kill(Process process) {
        // The descendants are listed before the parent dies: once it is gone they are re-parented and cannot be found.
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        process.destroyForcibly();
        for (ProcessHandle child : List.copyOf(tree)) {
            child.descendants().forEach(tree::add);
            child.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        // Only our own child is waited for: SIGKILL cannot be ignored, and the others, re-parented, are reaped by
        // whoever adopted them, which may take its time (a container's PID 1).
        try {
            process.waitFor(REAP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
