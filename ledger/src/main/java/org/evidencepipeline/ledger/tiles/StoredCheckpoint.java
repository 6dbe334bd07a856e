package org.evidencepipeline.ledger.tiles;

/**
 * A signed checkpoint as stored: the note bytes at {@code noteKey} (history copy, write-once) and, when the checkpoint
 * was time-stamped, the RFC 3161 token at {@code tokenKey} ({@code token} null otherwise).
 */
public record StoredCheckpoint(String shard, long size, byte[] note, String noteKey, byte[] token, String tokenKey) {
}
