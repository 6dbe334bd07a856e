package org.evidencepipeline.ledger.index;

/** Where an entry is: leaf {@code index} of shard {@code shard}. */
public record LeafRef(String shard, long index) {
}
