package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.contracts.PageProvenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The recording of one page load, from {@link RecordingProxy#begin} to {@link #finish}. */
public final class ProxySession implements AutoCloseable {
    /** How long {@link #finish} waits for exchanges it cut off to note what they received. */
    private static final long DRAIN_MILLIS = 3_000;

    private final String captureId;
    private final ProxySettings settings;
    private final Path dir;
    private final Runnable onEnd;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final List<SessionEntry> entries = new ArrayList<>();
    private int requests;
    private long bytes;
    private int inFlight;
    private boolean accepting = true;
    private boolean sealed;
    private boolean deleted;

    ProxySession(String captureId, ProxySettings settings, Runnable onEnd) {
        this.captureId = captureId;
        this.settings = settings;
        this.onEnd = onEnd;
        try {
            Files.createDirectories(settings.workDir());
            this.dir = Files.createTempDirectory(settings.workDir(), "proxy-" + captureId.replaceAll("[^A-Za-z0-9-]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the proxy spool directory under " + settings.workDir(), e);
        }
    }

    String captureId() {
        return captureId;
    }

    /** A connection starts work for this session; false once it is finishing (the request is then refused unrecorded). */
    synchronized boolean enter() {
        if (!accepting) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void leave() {
        inFlight--;
        notifyAll();
    }

    long nextSeq() {
        return seq.getAndIncrement();
    }

    /** Counts one request; the reason it must be refused when a cap of the page is already reached, else null. */
    synchronized String admit() {
        requests++;
        if (requests > settings.maxRequests()) {
            return "over the page's request cap (" + settings.maxRequests() + " requests)";
        }
        if (bytes >= settings.maxSessionBytes()) {
            return "over the page's byte cap (" + settings.maxSessionBytes() + " bytes)";
        }
        return null;
    }

    /** Takes up to {@code wanted} body bytes from the page's byte budget; returns how many were granted. */
    synchronized long takeBytes(long wanted) {
        long granted = Math.max(0, Math.min(wanted, settings.maxSessionBytes() - bytes));
        bytes += granted;
        return granted;
    }

    void track(Socket s) {
        sockets.add(s);
        synchronized (this) {
            if (!accepting) {
                closeQuietly(s);
            }
        }
    }

    void untrack(Socket s) {
        sockets.remove(s);
    }

    Path newSpoolFile() throws IOException {
        return Files.createTempFile(dir, "body-", ".bin");
    }

    synchronized void add(SessionEntry entry) {
        if (!sealed) {
            entries.add(entry);
        }
    }

    void refused(long seq, String url, String reason) {
        add(new SessionEntry.Refusal(seq, new PageProvenance.RefusedRequest(url, reason, Instant.now()),
                "<urn:uuid:" + UUID.randomUUID() + ">"));
    }

    /**
     * Ends the recording: closes every connection of the session (WebSockets included), writes the WARC of every
     * exchange and refusal, and returns what was recorded. Requests after this are refused and not recorded.
     */
    public PageRecording finish() throws IOException {
        List<SessionEntry> recorded;
        synchronized (this) {
            if (!accepting) {
                throw new IllegalStateException("session " + captureId + " already ended");
            }
            accepting = false;
        }
        try {
            sockets.forEach(ProxySession::closeQuietly);
            synchronized (this) {
                long until = System.currentTimeMillis() + DRAIN_MILLIS;
                while (inFlight > 0 && System.currentTimeMillis() < until) {
                    try {
                        wait(Math.max(1, until - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                sealed = true;
                recorded = new ArrayList<>(entries);
            }
            recorded.sort(Comparator.comparingLong(SessionEntry::seq));
            Path warc = dir.resolve(captureId.replaceAll("[^A-Za-z0-9-]", "_") + ".warc.gz");
            PageWarc.Written written = new PageWarc(settings.software()).write(warc, captureId, recorded);
            List<RecordedExchange> exchanges = new ArrayList<>();
            List<PageProvenance.RefusedRequest> refused = new ArrayList<>();
            for (SessionEntry e : recorded) {
                if (e instanceof SessionEntry.Exchange x) {
                    exchanges.add(x.recorded());
                } else {
                    refused.add(((SessionEntry.Refusal) e).refused());
                }
            }
            return new PageRecording(captureId, exchanges, refused, warc, written.sha256(), written.size());
        } finally {
            onEnd.run();
        }
    }

    /** Ends the session without keeping anything (a failed capture), deleting its spool files. Idempotent. */
    @Override
    public void close() {
        boolean wasAccepting;
        synchronized (this) {
            wasAccepting = accepting;
            accepting = false;
            sealed = true;
            if (deleted) {
                return;
            }
            deleted = true;
        }
        sockets.forEach(ProxySession::closeQuietly);
        if (wasAccepting) {
            onEnd.run();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a handler still writing its spool: the directory is retried below
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the work dir is the capturer's scratch space
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
