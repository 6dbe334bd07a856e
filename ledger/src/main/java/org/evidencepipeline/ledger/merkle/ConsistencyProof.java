package org.evidencepipeline.ledger.merkle;

import java.util.List;

/** That shard {@code shard}'s tree of size {@code oldSize} is a prefix of its tree of size {@code newSize}: RFC 9162 PROOF. */
public record ConsistencyProof(String shard, long oldSize, long newSize, List<byte[]> path) {
    public ConsistencyProof {
        path = List.copyOf(path);
    }

    public boolean verify(byte[] oldRoot, byte[] newRoot) {
        return Merkle.verifyConsistency(oldSize, newSize, path, oldRoot, newRoot);
    }
}
