package org.evidencepipeline.ledger.tiles;

/**
 * The stored ledger is not a tree this code wrote: a tile or bundle missing or malformed, a write-once tile already
 * present with other bytes (a fork), or tiles that do not reproduce the committed root. Not retryable: never append
 * onto such a tree; report it.
 */
public final class LedgerIntegrityException extends RuntimeException {
    public LedgerIntegrityException(String message) {
        super(message);
    }
}
