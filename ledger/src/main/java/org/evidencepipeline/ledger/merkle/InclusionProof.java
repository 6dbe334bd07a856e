package org.evidencepipeline.ledger.merkle;

import java.util.List;

/** That leaf {@code leafIndex} is in shard {@code shard}'s tree of size {@code treeSize}: RFC 9162 PATH, leaf side first. */
public record InclusionProof(String shard, long leafIndex, long treeSize, List<byte[]> path) {
    public InclusionProof {
        path = List.copyOf(path);
    }

    public boolean verify(byte[] leafHash, byte[] root) {
        return Merkle.verifyInclusion(leafHash, leafIndex, treeSize, path, root);
    }
}
