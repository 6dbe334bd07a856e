package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.StorageException;

/**
 * A tile could not be read from the bucket while a {@link org.evidencepipeline.ledger.merkle.Merkle.NodeSource} was
 * asked for a node (the interface has no checked exceptions). {@link #getCause()} is the retryable StorageException.
 */
public final class TileReadException extends RuntimeException {
    public TileReadException(StorageException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized StorageException getCause() {
        return (StorageException) super.getCause();
    }
}
