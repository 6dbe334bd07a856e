package org.evidencepipeline.storer.verify;

import java.time.Instant;

/**
 * The ledger's part of one object's verdict: where its entry is and what proves it.
 *
 * @param shard          the ledger shard holding the entry, null when none was found
 * @param leafIndex      the entry's leaf index in that shard, null when none was found
 * @param checkpointSize the size of the checkpoint the inclusion proof was checked against, null when none
 * @param stampedAt      that checkpoint's RFC 3161 time, null when it is not (validly) time-stamped
 * @param tsa            the pinned TSA that stamped it
 * @param detail         what held, or what failed and why
 */
public record LedgerProof(String kind, String key, VerifyStatus status, String shard, Long leafIndex, Long checkpointSize,
                          Instant stampedAt, String tsa, String detail) {
}
