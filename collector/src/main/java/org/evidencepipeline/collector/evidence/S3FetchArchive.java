package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import java.io.IOException;
import java.util.Optional;

/** Fetch WARCs in the archive bucket, content-addressed, written once ({@code If-None-Match: *}). */
public final class S3FetchArchive implements FetchArchive {
    private final ArchiveStore store;
    private final FetchWarc warc;

    public S3FetchArchive(ArchiveStore store, FetchWarc warc) {
        this.store = store;
        this.warc = warc;
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
            return Optional.of(FetchWarc.describe(key, capture));
        }
        // Written before (an identical body, or the same fetch before a crash): the posts point at what is there.
        byte[] existing = store.get(key).orElseThrow(() -> new StorageException("object " + key + " vanished after a refused write", null));
        try {
            return Optional.of(FetchWarc.read(key, existing));
        } catch (IOException | RuntimeException e) {
            throw new StorageException("cannot read the existing fetch WARC " + key + ": " + e.getMessage(), e);
        }
    }
}
