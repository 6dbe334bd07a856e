package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.ProvenanceRecord;

/** One media item's outcome and, when bytes were fetched, the provenance of that capture. */
public record CapturedMedia(CaptureOutcome outcome, ProvenanceRecord provenance) {
}
