package org.evidencepipeline.storer.verify;

import org.evidencepipeline.contracts.LedgerEntry;

/**
 * One object a verified item consists of, as the re-hash found it, for the ledger check: its entry must be of this
 * kind and key and state this SHA-256 and size.
 *
 * @param captureId preferred when several entries name the same content-addressed key (another capture of the same
 *                  bytes proves the same object); null when the key alone names the object
 * @param size      -1 when it could not be measured (the object is absent)
 * @param within    for a raw item, its range in the fetch WARC record's payload; else null
 * @param present   whether the object is in the archive now (an absent one has no current version to compare)
 */
record EvidenceObject(String kind, String key, String sha256, long size, String captureId, LedgerEntry.Within within,
                      boolean present) {
    static EvidenceObject of(String kind, String key, String sha256, long size, String captureId) {
        return new EvidenceObject(kind, key, sha256, size, captureId, null, true);
    }

    EvidenceObject absent() {
        return new EvidenceObject(kind, key, sha256, size, captureId, within, false);
    }

    String name() {
        return kind + " " + key + (within == null ? "" : " [" + within.offset() + ", +" + within.length() + ") of " + within.warcRecordId());
    }
}
