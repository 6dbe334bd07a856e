package org.evidencepipeline.storer.verify;

/** The verdict on one stored item. */
public enum VerifyStatus {
    /** Object present; its SHA-256, SHA-512 and size equal what the provenance record says. */
    OK,
    /** Object present but its bytes differ from the provenance record: tampering or corruption. */
    MISMATCH,
    /** The provenance record or the object it describes is not in the archive. */
    MISSING
}
