package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;

/**
 * One {@code ledger.entries.v1} record as the appender sees it: an entry, or not one (with why). Deterministic in the
 * record's bytes, so a replay after a crash makes the same decision and so the same tree.
 */
public sealed interface SourceRecord permits SourceRecord.Entry, SourceRecord.Unreadable {
    /** Entry bundles prefix each entry with a uint16 length (C2SP tlog-tiles): a longer one cannot be a leaf. */
    int MAX_CANONICAL_BYTES = 0xFFFF;

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
        if (length > MAX_CANONICAL_BYTES) {
            return new Unreadable(offset, "ledger entry of " + length + " canonical bytes exceeds the "
                    + MAX_CANONICAL_BYTES + " bytes an entry bundle can hold");
        }
        return new Entry(offset, entry);
    }
}
