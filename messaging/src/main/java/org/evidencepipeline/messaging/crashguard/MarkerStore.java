package org.evidencepipeline.messaging.crashguard;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Markers as small files in one local directory.
 * <ul>
 *   <li>{@code <topic>-<partition>.inhand}: the record in hand on that partition (one partition is processed by one
 *   consumer at a time, one record after another, so one file per partition is one file per consumer's record in
 *   hand). Written before processing, rewritten as "settled" when the record is settled.</li>
 *   <li>{@code <topic>-<partition>-<offset>.crashed}: a record that was in hand when a process died. At start the
 *   in-hand files left behind become these, because the records before it (re-delivered from the last committed
 *   offset) would otherwise overwrite the in-hand file of their partition before the crashing record comes round
 *   again, and its count would be lost.</li>
 * </ul>
 * The in-hand file is written once per record, so it is kept open and rewritten in place with one positional write
 * (a marker, or "settled"): about 2 small syscalls per record instead of create, write, close, rename and unlink
 * (measured in CrashGuardTest: see the DOCS of issue 12). A write of a few hundred bytes into the page cache is not
 * torn by the death of the process, and the marker's check line catches anything else. Crashed markers are written
 * rarely, to a temporary file renamed over the marker (atomic on one file system). There is no fsync: the
 * failure guarded against is the death of the process (halt, OutOfMemoryError, SIGKILL), and data written before it
 * is in the kernel's page cache, which the next process reads. Only a crash of the machine can lose a marker; the
 * record then gets one more attempt than configured, on a fresh machine.
 */
final class MarkerStore {
    private static final Logger LOG = Logger.getLogger(MarkerStore.class);
    static final String IN_HAND = ".inhand";
    static final String CRASHED = ".crashed";

    private final Path dir;
    private final Map<Path, FileChannel> open = new ConcurrentHashMap<>();

    MarkerStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the crash-guard directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    void putInHand(Marker m) {
        writeInPlace(inHandFile(m.record().topic(), m.record().partition()), m.encode());
    }

    void clearInHand(String topic, int partition) {
        Path file = inHandFile(topic, partition);
        if (open.containsKey(file)) {
            writeInPlace(file, Marker.SETTLED);
        }
    }

    /** Closes the in-hand files (their content stays). */
    void close() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debugf("closing a crash-guard marker: %s", e.getMessage());
            }
        }
        open.clear();
    }

    void putCrashed(Marker m) {
        write(crashedFile(m.record()), m);
    }

    void clearCrashed(RecordInHand r) {
        delete(crashedFile(r));
    }

    /**
     * Every in-hand marker left by an earlier process becomes a crashed marker (replacing an older one of the same
     * record); settled ones are removed. Called before this process writes any.
     */
    void moveLeftoversToCrashed() {
        for (Path file : list(IN_HAND)) {
            Marker m = read(file);
            if (m != null) {
                move(file, crashedFile(m.record()));
            } else {
                delete(file);
            }
        }
    }

    List<Marker> crashed() {
        List<Marker> markers = new ArrayList<>();
        for (Path file : list(CRASHED)) {
            Marker m = read(file);
            if (m != null) {
                markers.add(m);
            }
        }
        return markers;
    }

    private Path inHandFile(String topic, int partition) {
        return dir.resolve(safe(topic) + "-" + partition + IN_HAND);
    }

    private Path crashedFile(RecordInHand r) {
        return dir.resolve(safe(r.topic()) + "-" + r.partition() + "-" + r.offset() + CRASHED);
    }

    /** Topic names are [a-zA-Z0-9._-] in Kafka; anything else is replaced, never used in a path. */
    private static String safe(String topic) {
        return topic.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void writeInPlace(Path file, byte[] bytes) {
        try {
            FileChannel channel = open.computeIfAbsent(file, f -> {
                try {
                    return FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot write crash-guard marker " + file,
                    e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    private void write(Path target, Marker m) {
        // A temporary name per thread: during a rebalance two consumers of one process may briefly share a partition.
        Path tmp = target.resolveSibling(target.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            Files.write(tmp, m.encode());
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write crash-guard marker " + target, e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move crash-guard marker " + from + " to " + to, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete crash-guard marker " + file, e);
        }
    }

    private List<Path> list(String suffix) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + suffix)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }

    /**
     * The marker in {@code file}, null if settled. A marker that cannot be read (a stray file) is removed: it can
     * only ever stand for nothing.
     */
    private static Marker read(Path file) {
        try {
            return Marker.decode(Files.readAllBytes(file));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("removing unreadable crash-guard marker %s: %s", file, e.getMessage());
            delete(file);
            return null;
        }
    }
}
