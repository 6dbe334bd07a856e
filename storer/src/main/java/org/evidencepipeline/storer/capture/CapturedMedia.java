package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.ProvenanceRecord;

import java.util.List;

/**
 * One media item's outcome and, when bytes were fetched, the provenance of that capture, with the custody ledger
 * entries of the objects it stands for (media, its WARC, its provenance record and time-stamp), in the order they
 * became durable.
 */
public record CapturedMedia(CaptureOutcome outcome, ProvenanceRecord provenance, List<LedgerEntry> entries) {
    public CapturedMedia {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** An outcome that left no object in the archive. */
    public CapturedMedia(CaptureOutcome outcome, ProvenanceRecord provenance) {
        this(outcome, provenance, List.of());
    }
}
