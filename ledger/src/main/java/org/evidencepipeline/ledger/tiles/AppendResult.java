package org.evidencepipeline.ledger.tiles;

/**
 * What one append did: {@code appended} new leaves from index {@code firstIndex}; {@code duplicates} entries already in
 * the tree's dedup window and {@code alreadyIn} records below the committed offset (a replay), both left out.
 */
public record AppendResult(LedgerState state, long firstIndex, int appended, int duplicates, int alreadyIn) {
}
