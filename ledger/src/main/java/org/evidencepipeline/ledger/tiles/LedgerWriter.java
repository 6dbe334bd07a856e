package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import java.util.List;

/**
 * Appends entries to one shard's tree in the archive bucket. Single writer per shard (the Kafka partition's owner).
 * An append writes, in order: the entry bundles and hash tiles it touched (partial tiles rewritten, full ones
 * write-once), the index run ({@code index.LedgerIndex}), and last {@code state.json}, the commit point. A crash before
 * the commit point leaves objects that the retried append rewrites with the same bytes, because the tree's content is
 * a function of the source records in offset order (records below {@code nextOffset} are skipped, duplicates dropped by
 * a window that is itself a function of the tree): so no entry is lost, none doubled, and the roots are the same.
 */
public final class LedgerWriter {
    public LedgerWriter(ArchiveStore store, String shard, int dedupWindow) {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** Loads the commit point (empty tree, offset 0, when there is none) and the dedup window. */
    public LedgerState open() throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /**
     * Appends {@code entries} (in offset order) and commits {@code nextOffset} (one past the last source record of the
     * batch, including records that carried no entry).
     */
    public AppendResult append(List<SourcedEntry> entries, long nextOffset) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /**
     * Stores a signed checkpoint of the current tree ({@code size} must be the committed size): the history copy and
     * token write-once, then {@code checkpoint} (latest), then the state's {@code checkpointSize}.
     */
    public StoredCheckpoint publishCheckpoint(long size, byte[] signedNote, byte[] tokenOrNull) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    public LedgerState state() {
        throw new UnsupportedOperationException("TILES engineer");
    }
}
