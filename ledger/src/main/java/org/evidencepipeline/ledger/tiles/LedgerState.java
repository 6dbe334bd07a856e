package org.evidencepipeline.ledger.tiles;

/**
 * A shard's commit point, {@code ledger/<shard>/state.json}, written last in every append: the tree has {@code size}
 * leaves with head {@code rootHash}; every source record before offset {@code nextOffset} of the shard's partition is in
 * it (or was deliberately not appended: a duplicate or an unreadable record); {@code checkpointSize} is the size of the
 * last signed checkpoint (0: none yet).
 */
public record LedgerState(String shard, long size, byte[] rootHash, long nextOffset, long checkpointSize) {
}
