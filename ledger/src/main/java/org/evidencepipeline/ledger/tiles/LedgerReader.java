package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.merkle.ConsistencyProof;
import org.evidencepipeline.ledger.merkle.InclusionProof;
import org.evidencepipeline.ledger.merkle.Merkle;

import java.util.List;
import java.util.Optional;

/** Reads shards from the archive bucket: entries, tile-backed proofs and stored checkpoints. Holds no state. */
public final class LedgerReader {
    public LedgerReader(ArchiveStore store) {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** Shards with a committed state, in order. */
    public List<String> shards() throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    public Optional<LedgerState> state(String shard) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** Entry {@code index}, as its canonical bytes (what the leaf hash is over). */
    public byte[] entryBytes(String shard, long index) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    public LedgerEntry entry(String shard, long index) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** Entries {@code [from, to)} as canonical bytes, read a bundle at a time. */
    public List<byte[]> entryBytes(String shard, long from, long to) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** Perfect-subtree hashes from the hash tiles, for trees up to {@code treeSize}. */
    public Merkle.NodeSource nodes(String shard, long treeSize) {
        throw new UnsupportedOperationException("TILES engineer");
    }

    public InclusionProof inclusion(String shard, long index, long treeSize) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    public ConsistencyProof consistency(String shard, long oldSize, long newSize) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    public Optional<StoredCheckpoint> latestCheckpoint(String shard) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** Every stored checkpoint of the shard, smallest size first. */
    public List<StoredCheckpoint> checkpoints(String shard) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }

    /** The smallest stored checkpoint that covers leaf {@code index} (size > index). */
    public Optional<StoredCheckpoint> checkpointCovering(String shard, long index) throws StorageException {
        throw new UnsupportedOperationException("TILES engineer");
    }
}
