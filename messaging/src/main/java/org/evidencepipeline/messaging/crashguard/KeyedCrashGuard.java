package org.evidencepipeline.messaging.crashguard;

import org.evidencepipeline.contracts.Hashes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The crash guard for work that is not a Kafka record, named by a key: the collector's poll of one source. Before the
 * work a marker "in hand: key, attempt, first attempt" is written; after it the marker is removed. A marker left by a
 * process that died counts one crash of that key; a key that crashed the process {@code maxCrashes} times is
 * quarantined: {@link #admit} says so instead of letting the work run, and the marker stays, so it stays quarantined
 * after further restarts until {@link #release} (an operator's explicit request).
 * <p>
 * Markers are one small file per key (named by the SHA-256 of the key, which may hold any character), written to a
 * temporary file and renamed (atomic; no fsync: a dead process's writes are in the page cache for the next one).
 * A poll happens every few seconds at most, so the two file operations per poll cost nothing that matters.
 */
public final class KeyedCrashGuard {
    private static final Logger LOG = Logger.getLogger(KeyedCrashGuard.class);
    private static final String SUFFIX = ".polling";

    private final Path dir;
    private final int maxCrashes;
    private final Clock clock;
    /** Keys that were in hand when an earlier process died: crashes so far and the first. */
    private final Map<String, Crashes> crashed = new HashMap<>();
    private final Semaphore probation = new Semaphore(1);
    private String onProbation;

    /** How often a key crashed the process, and when first. */
    public record Crashes(int count, Instant first) {
    }

    public KeyedCrashGuard(Path dir, int maxCrashes, Clock clock) {
        if (maxCrashes < 1) {
            throw new IllegalArgumentException("maxCrashes must be at least 1");
        }
        this.dir = dir;
        this.maxCrashes = maxCrashes;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path file : files) {
                    read(file).ifPresent(m -> {
                        crashed.put(m.key(), new Crashes(m.attempts(), m.first()));
                        LOG.warnf("%s was in hand when an earlier process died (%d crash%s since %s)%s", m.key(), m.attempts(),
                                m.attempts() == 1 ? "" : "es", m.first(), m.attempts() >= maxCrashes ? ": quarantined" : "");
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the crash-guard directory " + dir, e);
        }
    }

    /**
     * Before the work on {@code key}: the work may run (marker written), or the key is quarantined. A key that was in
     * hand at a crash waits until no other such key is in hand, as in {@link CrashGuard}: a process dies with every
     * poll in hand, and only one of them killed it.
     */
    public Admission admit(String key) {
        Crashes earlier;
        synchronized (this) {
            earlier = crashed.get(key);
            if (earlier != null && earlier.count() >= maxCrashes) {
                return new Admission.DeadLetter(earlier.count(), earlier.first());
            }
            if (earlier == null) {
                write(new InHand(key, 1, clock.instant()));
                return new Admission.Process(1);
            }
        }
        boolean alone = false;
        try {
            alone = probation.tryAcquire(CrashGuard.PROBATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (alone) {
                onProbation = key;
            }
            write(new InHand(key, earlier.count() + 1, earlier.first()));
            return new Admission.Process(earlier.count() + 1);
        }
    }

    /** The work on {@code key} ended (well or with an exception, but not by killing the process). */
    public synchronized void settled(String key) {
        if (key.equals(onProbation)) {
            onProbation = null;
            probation.release();
        }
        crashed.remove(key);
        delete(file(key));
    }

    /** An operator asks for the work again: the quarantine is lifted and the count starts again. */
    public synchronized void release(String key) {
        settled(key);
    }

    /** The crashes of a key that an earlier process left, if any (quarantined when at least maxCrashes). */
    public synchronized Optional<Crashes> crashes(String key) {
        return Optional.ofNullable(crashed.get(key));
    }

    private record InHand(String key, int attempts, Instant first) {
    }

    private Path file(String key) {
        return dir.resolve(Hashes.sha256Hex(key) + SUFFIX);
    }

    private void write(InHand m) {
        Path target = file(m.key());
        Path tmp = target.resolveSibling(target.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        String text = m.attempts() + "\n" + m.first() + "\n" + m.key();
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write crash-guard marker " + target, e);
        }
    }

    private static Optional<InHand> read(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).split("\n", 3);
            return Optional.of(new InHand(parts[2], Integer.parseInt(parts[0]), Instant.parse(parts[1])));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("removing unreadable crash-guard marker %s: %s", file, e.getMessage());
            delete(file);
            return Optional.empty();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete crash-guard marker " + file, e);
        }
    }
}
