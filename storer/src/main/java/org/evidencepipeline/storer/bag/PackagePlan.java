package org.evidencepipeline.storer.bag;

import org.evidencepipeline.ledger.bag.BagIndex;

import java.util.List;
import java.util.Map;

/**
 * Everything one package will hold, gathered before the first byte is sent (so a package over the cap, or of nothing,
 * is refused with a clear error instead of a broken zip): the objects to copy from the archive and the ledger files
 * (entries, proofs, checkpoints, tokens, consistency proofs), which are small.
 *
 * @param objects     by archive key, in the order found
 * @param ledgerFiles bag path → bytes
 * @param knownBytes  the object bytes the plan knows of (objects of unknown size are counted as they stream)
 */
public record PackagePlan(String scope, List<String> posts, List<PlannedObject> objects, Map<String, byte[]> ledgerFiles,
                          List<BagIndex.Checkpoint> checkpoints, List<BagIndex.Consistency> consistency, long knownBytes) {

    /**
     * One archive object: {@code sha256} and {@code size} as its ledger entry (else its record) gives them, null / -1 when
     * no record does (it is then hashed as it is copied).
     */
    public record PlannedObject(String key, String kind, String sha256, long size, List<BagIndex.EntryRef> entries) {
    }
}
