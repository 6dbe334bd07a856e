package org.evidencepipeline.ledger;

import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The verify statuses that only say the ledger writer has not reached an object yet: it is archived but not appended,
 * or appended but under no signed checkpoint. A report that shows them is read again later (the demo, the tests and
 * the reliability suite wait on it); any other status is final.
 */
public final class LedgerLag {
    /** Names of the storer's {@code VerifyStatus} values that lag; a storer test holds them to that enum. */
    public static final String NOT_IN_LEDGER = "NOT_IN_LEDGER";
    public static final String NOT_CHECKPOINTED = "NOT_CHECKPOINTED";
    public static final Set<String> STATUSES = Set.of(NOT_IN_LEDGER, NOT_CHECKPOINTED);
    /**
     * Lag too, but only where a TSA is configured: the writer stamps an unstamped checkpoint again until the TSA
     * answers. Without a TSA ({@code ./pipeline run} unless {@code storer.timestamp.tsa-url} is set) it is final, so only a
     * caller that knows a TSA is configured waits on it: the demo, the storer's tests and the reliability suite do.
     */
    public static final String NOT_TIME_STAMPED = "NOT_TIME_STAMPED";

    private LedgerLag() {
    }

    /**
     * Whether verify totals ({@code count}: status name to items) show the writer caught up: nothing waits for a
     * checkpoint, and at most {@code unledgeredAllowed} items are out of the ledger (those a stage dead-lettered).
     */
    public static boolean caughtUp(ToIntFunction<String> count, long unledgeredAllowed) {
        return count.applyAsInt(NOT_CHECKPOINTED) == 0 && count.applyAsInt(NOT_IN_LEDGER) <= unledgeredAllowed;
    }

    /** As {@link #caughtUp}, and every checkpoint time-stamped: for a writer that has a TSA. */
    public static boolean caughtUpAndStamped(ToIntFunction<String> count, long unledgeredAllowed) {
        return caughtUp(count, unledgeredAllowed) && count.applyAsInt(NOT_TIME_STAMPED) == 0;
    }
}
