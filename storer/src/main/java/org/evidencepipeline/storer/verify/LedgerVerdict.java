package org.evidencepipeline.storer.verify;

import java.util.List;

/**
 * The custody ledger's verdict on every object of an item: the worst object status (REPLACED, LEDGER_MISMATCH,
 * BAD_CHECKPOINT, NOT_IN_LEDGER, NOT_CHECKPOINTED, NOT_TIME_STAMPED, then OK) and one proof per object.
 */
public record LedgerVerdict(VerifyStatus status, List<LedgerProof> objects, String detail) {
    /** Worst first. */
    static final List<VerifyStatus> SEVERITY = List.of(VerifyStatus.REPLACED, VerifyStatus.LEDGER_MISMATCH,
            VerifyStatus.BAD_CHECKPOINT, VerifyStatus.NOT_IN_LEDGER, VerifyStatus.NOT_CHECKPOINTED, VerifyStatus.NOT_TIME_STAMPED,
            VerifyStatus.OK);

    public LedgerVerdict {
        objects = List.copyOf(objects);
    }

    static VerifyStatus worse(VerifyStatus a, VerifyStatus b) {
        return SEVERITY.indexOf(a) <= SEVERITY.indexOf(b) ? a : b;
    }
}
