package org.evidencepipeline.storer.verify;

import org.evidencepipeline.ledger.LedgerLag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo, the tests and the reliability suite wait on {@link LedgerLag}'s names: they must stay this enum's. */
class LedgerLagNamesVerifyStatusesTest {
    @Test
    void theLaggingStatusesAreVerifyStatusesAndNeitherIsOk() {
        assertThat(LedgerLag.STATUSES).containsExactlyInAnyOrder(VerifyStatus.NOT_IN_LEDGER.name(),
                VerifyStatus.NOT_CHECKPOINTED.name());
        assertThat(LedgerLag.STATUSES).doesNotContain(VerifyStatus.OK.name());
        assertThat(LedgerLag.NOT_TIME_STAMPED).isEqualTo(VerifyStatus.NOT_TIME_STAMPED.name());
    }

    @Test
    void totalsWithOnlyFinalStatusesHaveCaughtUpAndAnyCheckpointWaitHasNot() {
        assertThat(LedgerLag.caughtUp(s -> s.equals("OK") ? 12 : 0, 0)).isTrue();
        assertThat(LedgerLag.caughtUp(s -> s.equals(VerifyStatus.NOT_CHECKPOINTED.name()) ? 1 : 0, 5)).isFalse();
        assertThat(LedgerLag.caughtUp(s -> s.equals(VerifyStatus.NOT_IN_LEDGER.name()) ? 2 : 0, 1)).isFalse();
        assertThat(LedgerLag.caughtUp(s -> s.equals(VerifyStatus.NOT_IN_LEDGER.name()) ? 1 : 0, 1)).isTrue();
    }

    @Test
    void withATsaAnUnstampedCheckpointIsStillAWait() {
        assertThat(LedgerLag.caughtUp(s -> s.equals(VerifyStatus.NOT_TIME_STAMPED.name()) ? 3 : 0, 0)).isTrue();
        assertThat(LedgerLag.caughtUpAndStamped(s -> s.equals(VerifyStatus.NOT_TIME_STAMPED.name()) ? 3 : 0, 0)).isFalse();
        assertThat(LedgerLag.caughtUpAndStamped(s -> s.equals("OK") ? 3 : 0, 0)).isTrue();
    }
}
