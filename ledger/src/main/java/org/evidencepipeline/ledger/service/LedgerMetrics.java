package org.evidencepipeline.ledger.service;

import org.evidencepipeline.ledger.tiles.AppendResult;
import org.evidencepipeline.ledger.tiles.LedgerState;

/** What the appender reports; the storer maps it onto Micrometer ({@code storer_ledger_*}). Called on the poll thread. */
public interface LedgerMetrics {
    LedgerMetrics NONE = new LedgerMetrics() {
    };

    /** A writer took the shard (its committed state). */
    default void opened(LedgerState state) {
    }

    default void appended(AppendResult result) {
    }

    default void checkpointed(String shard, long size, boolean stamped) {
    }

    /** A record of the topic that is not a ledger entry was skipped. */
    default void unreadable(String shard) {
    }

    /** A storage call failed and is retried. */
    default void storageRetry() {
    }
}
