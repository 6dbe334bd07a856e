package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Fetch WARCs in the archive bucket, content-addressed, written once ({@code If-None-Match: *}). Each capture it
 * returns carries the custody ledger entry of its object: the SHA-256 and size of the bytes the archive holds (the
 * ones just written, or the earlier object's when the write was refused), dated when they were found durable.
 */
public final class S3FetchArchive implements FetchArchive {
    private final ArchiveStore store;
    private final FetchWarc warc;
    private final Clock clock;

    public S3FetchArchive(ArchiveStore store, FetchWarc warc) {
        this(store, warc, Clock.systemUTC());
    }

    public S3FetchArchive(ArchiveStore store, FetchWarc warc, Clock clock) {
        this.store = store;
        this.warc = warc;
        this.clock = clock;
    }

    @Override
    public Optional<PreservedCapture> preserve(SourceCapture capture) throws StorageException {
        String key = ArchiveStore.fetchWarcKey(FetchWarc.fetchId(capture));
        byte[] bytes;
        try {
            bytes = warc.write(capture);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the WARC of " + key + " in memory", e);
        }
        if (store.putEvidenceBytesIfAbsent(key, bytes, "application/warc")) {
            return Optional.of(FetchWarc.describe(key, capture).withLedgerEntry(entry(key, bytes)));
        }
        // Written before (an identical body, or the same fetch before a crash): the posts point at what is there, and
        // its entry is published again (the ledger drops the repeat), so a crash before the first one cannot lose it.
        byte[] existing = store.get(key).orElseThrow(() -> new StorageException("object " + key + " vanished after a refused write", null));
        try {
            return Optional.of(FetchWarc.read(key, existing).withLedgerEntry(entry(key, existing)));
        } catch (IOException | RuntimeException e) {
            throw new StorageException("cannot read the existing fetch WARC " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fetch WARC holds many posts, so the entry names none. The version id stays null: the conditional write does not
     * return it here.
     */
    private LedgerEntry entry(String key, byte[] stored) {
        return LedgerEntry.of(LedgerEntry.FETCH_WARC, key, Hashes.sha256Hex(stored), stored.length, null, null, null,
                List.of(), clock.instant(), null);
    }
}
