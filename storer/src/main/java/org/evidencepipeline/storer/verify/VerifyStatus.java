package org.evidencepipeline.storer.verify;

/** The verdict on one stored item. */
public enum VerifyStatus {
    /**
     * Media: the object is present and its SHA-256, SHA-512 and size equal what the provenance record says. Post: the
     * fetch WARC record's payload, its payload digest, the raw item range and the normalised post all hash as the post
     * provenance record says, and the normalised post still names that raw item. Page: every artifact re-hashes to its
     * SHA-256 and size, the WARC's response for the final URL hashes to the html-source artifact, each refused request
     * has its refusal record in the WARC, and a stored time-stamp token covers the record.
     */
    OK,
    /**
     * Bytes present but they differ from the provenance record (tampering or corruption), or they could not be read as
     * what they should be (a WARC that does not parse): named in the item's detail.
     */
    MISMATCH,
    /**
     * The provenance record or an object it describes (media, fetch WARC, normalised post, a page artifact) is not in
     * the archive.
     */
    MISSING,
    /**
     * Video: every part the record lists, and the muxed file when there is one, is present and re-hashes as recorded,
     * but the record itself says the capture is not whole (a cap was reached or a part failed): the detail names the cap,
     * its limit and why. Never OK, since the stream was not kept whole; not a MISMATCH, since nothing was altered.
     */
    INCOMPLETE
}
