package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.tiles.LedgerWriter;

/**
 * One {@code ledger.entries.v1} record as the appender sees it: an entry, or not one (with why). Deterministic in the
 * record's bytes, so a replay after a crash makes the same decision and so the same tree.
 */
public sealed interface SourceRecord permits SourceRecord.Entry, SourceRecord.Unreadable {
    long offset();

    record Entry(long offset, LedgerEntry entry) implements SourceRecord {
    }

    record Unreadable(long offset, String reason) implements SourceRecord {
    }

    static SourceRecord of(long offset, byte[] value, EventCodec codec) {
        LedgerEntry entry;
        try {
            entry = codec.read(value, LedgerEntry.class);
        } catch (EventCodec.InvalidEventException e) {
            return new Unreadable(offset, e.getMessage());
        }
        int length = LedgerEntryCodec.canonical(entry).length;
        if (length > LedgerWriter.MAX_ENTRY_BYTES) {
            return new Unreadable(offset, "ledger entry of " + length + " canonical bytes exceeds the "
                    + LedgerWriter.MAX_ENTRY_BYTES + " bytes an entry bundle can hold");
        }
        return new Entry(offset, entry);
    }
}
