package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;

import java.util.List;

/**
 * Finds entries by object key, post id, content hash, capture id and collection without one S3 object per entry: each
 * append writes one sorted run of postings under {@code ledger/<shard>/index/}, named by the leaf range it covers, and
 * runs are merged in deterministic steps, so a lookup reads a bounded number of objects. Runs may overlap after a
 * crash (the retried append writes a run over the same leaves); lookups drop the repeats and anything at or beyond the
 * committed size.
 */
public final class LedgerIndex {
    public LedgerIndex(ArchiveStore store) {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    /** Writes the run for leaves {@code [firstLeaf, firstLeaf + entries.size())}; called before the append commits. */
    public void writeRun(String shard, long firstLeaf, List<LedgerEntry> entries) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    /** Merges runs wholly below {@code committedSize} where a merge step is due; deterministic, safe to repeat. */
    public void compact(String shard, long committedSize) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    public List<LeafRef> byKey(String objectKey) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    public List<LeafRef> byPost(String postId) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    public List<LeafRef> bySha256(String sha256) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    public List<LeafRef> byCapture(String captureId) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }

    public List<LeafRef> byCollection(String collectionId) throws StorageException {
        throw new UnsupportedOperationException("INDEX engineer");
    }
}
