package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import java.util.List;
import java.util.Optional;

/**
 * Runs in the archive bucket. Written as plain objects, not evidence: a run is derived from the entry bundles and may
 * be rewritten with the same bytes by a retried append.
 */
final class ArchiveRunStore implements RunStore {
    private final ArchiveStore store;

    ArchiveRunStore(ArchiveStore store) {
        this.store = store;
    }

    @Override
    public Optional<byte[]> get(String key) throws StorageException {
        return store.get(key);
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, long length) throws StorageException {
        return store.getRange(key, offset, length);
    }

    @Override
    public void put(String key, byte[] bytes) throws StorageException {
        store.putBytes(key, bytes, "application/octet-stream");
    }

    @Override
    public List<String> keys(String prefix) throws StorageException {
        return store.keys(prefix);
    }

    @Override
    public List<String> children(String prefix) throws StorageException {
        return store.children(prefix);
    }
}
