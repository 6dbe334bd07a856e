package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.contracts.LedgerEntry;

/** An entry with the offset of the {@code ledger.entries.v1} record it came from, so appends are deterministic. */
public record SourcedEntry(long offset, LedgerEntry entry) {
}
