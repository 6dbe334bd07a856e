package org.evidencepipeline.capturer.video.ytdlp;

import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drains one output stream of a child process on its own thread, keeping only its last lines, each cut short: what a
 * program prints (or a stranger's page makes it print) never grows a buffer without bound. Lines go to the debug log
 * only, and the markers asked for are remembered when any line carries them.
 */
final class OutputTail {
    static final int MAX_LINES = 40;
    static final int MAX_LINE_BYTES = 500;

    private final Deque<String> lines = new ArrayDeque<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<String> markers;
    private final Logger log;
    private final String label;
    private final Thread thread;

    private OutputTail(InputStream in, String label, Logger log, List<String> markers) {
        this.label = label;
        this.log = log;
        this.markers = List.copyOf(markers);
        this.thread = new Thread(() -> drain(in), "yt-dlp-" + label);
        thread.setDaemon(true);
    }

    /** @param markers lower-case substrings to watch for in every line (not only the kept ones) */
    static OutputTail start(InputStream in, String label, Logger log, List<String> markers) {
        OutputTail tail = new OutputTail(in, label, log, markers);
        tail.thread.start();
        return tail;
    }

    /** Waits for the stream's end (the process and every holder of its pipe gone), at most {@code millis}. */
    void await(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last non-blank line, or empty. */
    synchronized String lastLine() {
        return lines.isEmpty() ? "" : lines.peekLast();
    }

    boolean saw(String marker) {
        return seen.contains(marker);
    }

    private void drain(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(MAX_LINE_BYTES);
        byte[] buf = new byte[8192];
        try (in) {
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n' || b == '\r') {
                        end(line);
                    } else if (line.size() < MAX_LINE_BYTES) {
                        line.write(b);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was killed or its pipe closed: what was read is kept
        }
        end(line);
    }

    private void end(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (text.isEmpty()) {
            return;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String m : markers) {
            if (lower.contains(m)) {
                seen.add(m);
            }
        }
        log.debugf("yt-dlp %s: %s", label, text);
        synchronized (this) {
            if (lines.size() == MAX_LINES) {
                lines.removeFirst();
            }
            lines.addLast(text);
        }
    }
}
