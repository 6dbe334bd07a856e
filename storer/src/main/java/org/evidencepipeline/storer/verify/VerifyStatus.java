package org.evidencepipeline.storer.verify;

/**
 * The verdict on one stored item. Only {@link #OK} is success ({@link #INCOMPLETE} keeps its exit code 0 on the command
 * line: nothing was altered, the stream was just not kept whole). An item's status is what its objects' re-hash found
 * when that failed ({@link #MISMATCH}, {@link #MISSING}), else what the custody ledger check found; {@link #REPLACED}
 * wins over both, since it says why the bytes differ.
 */
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
    INCOMPLETE,
    /**
     * The objects re-hash as recorded, but at least one of them (named with its kind and key) has no entry in the
     * custody ledger: nothing shows it was in the archive at any signed point in time.
     */
    NOT_IN_LEDGER,
    /**
     * Every object has a ledger entry, but no signed checkpoint covers one of them yet (the writer checkpoints every N
     * entries or T seconds, and signs nothing without a signer key), or no verifier key is configured to check the
     * checkpoint's signature.
     */
    NOT_CHECKPOINTED,
    /**
     * Every object is in a checkpoint whose signature holds, but no covering checkpoint carries an RFC 3161 token (the
     * TSA was unreachable, or none is configured), or no TSA certificate is pinned to check it against
     * ({@code storer.timestamp.tsa-certificate-file}): when the object existed is not proven.
     */
    NOT_TIME_STAMPED,
    /**
     * The ledger contradicts the archive: an object's entry states another SHA-256 or size than the object has, or
     * the entry's bytes or the tree changed, so its inclusion proof does not reach the signed checkpoint's root. The
     * detail names the shard, the leaf index and the checkpoint size.
     */
    LEDGER_MISMATCH,
    /**
     * The checkpoint covering an object is not what the ledger's key signed (bad signature, another key, another
     * origin or size), or its time-stamp token does not hold (not over this note, broken signature, or not by a
     * pinned TSA: a token is never trusted by the certificate it embeds).
     */
    BAD_CHECKPOINT,
    /**
     * The object's current S3 version is not the one the ledger recorded (versioned buckets): a newer version was
     * written over the evidence, whether or not its bytes differ; the recorded version may still be in the bucket.
     */
    REPLACED;

    /** Success for a run: {@link #OK}, and {@link #INCOMPLETE} as before (reported, but no integrity failure). */
    public boolean passes() {
        return this == OK || this == INCOMPLETE;
    }
}
