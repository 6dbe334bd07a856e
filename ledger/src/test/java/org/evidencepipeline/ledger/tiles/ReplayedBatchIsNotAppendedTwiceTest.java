package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.LedgerEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch fed again (Kafka redelivers after a restart) adds no leaf: records below the committed offset are skipped,
 * and an object stated again at a new offset (a replayed stage: later time, no version id) is dropped while its first
 * entry is among the tree's last {@code dedupWindow} leaves, also after a reopen, because the window is rebuilt from
 * the tree.
 */
@ExtendWith(LedgerBucket.class)
class ReplayedBatchIsNotAppendedTwiceTest {
    private static final String SHARD = "3";

    @Test
    void recordsBelowTheCommittedOffsetAreSkipped(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 1000);
        writer.open();
        AppendResult first = writer.append(TestEntries.sourced(0, 10), 10);
        assertThat(first.appended()).isEqualTo(10);

        AppendResult again = writer.append(TestEntries.sourced(0, 10), 10);
        assertThat(again.appended()).isZero();
        assertThat(again.alreadyIn()).isEqualTo(10);
        assertThat(again.state().size()).isEqualTo(10);
        assertThat(again.state().rootHash()).isEqualTo(first.state().rootHash());

        // Overlapping redelivery: 5..14 after 0..9 were committed appends only 10..14.
        AppendResult overlap = new LedgerWriter(store, SHARD, 1000).append(TestEntries.sourced(5, 15), 15);
        assertThat(overlap.alreadyIn()).isEqualTo(5);
        assertThat(overlap.appended()).isEqualTo(5);
        assertThat(overlap.firstIndex()).isEqualTo(10);
        assertThat(new LedgerReader(store).entries(SHARD, 0, 15)).containsExactlyElementsOf(entries(0, 15));
    }

    @Test
    void theSameObjectStatedAgainWithinTheWindowIsDropped(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 1000);
        writer.open();
        writer.append(TestEntries.sourced(0, 10), 10);

        // Offsets 10..19 re-state objects 0..9 (a later time, as a replayed stage does) and add 100 twice in one batch.
        List<SourcedEntry> replay = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replay.add(new SourcedEntry(10 + i, TestEntries.object(i, 5000 + i)));
        }
        replay.add(new SourcedEntry(20, TestEntries.object(100)));
        replay.add(new SourcedEntry(21, TestEntries.object(100, 7000)));
        AppendResult r = writer.append(replay, 25);
        assertThat(r.duplicates()).isEqualTo(11);
        assertThat(r.appended()).isEqualTo(1);
        assertThat(r.state().size()).isEqualTo(11);
        assertThat(r.state().nextOffset()).isEqualTo(25);

        // A fresh writer rebuilds the window from the entry bundles: still a duplicate.
        LedgerWriter reopened = new LedgerWriter(store, SHARD, 1000);
        reopened.open();
        AppendResult later = reopened.append(List.of(new SourcedEntry(25, TestEntries.object(3, 9000)),
                new SourcedEntry(26, TestEntries.object(101))), 27);
        assertThat(later.duplicates()).isEqualTo(1);
        assertThat(later.appended()).isEqualTo(1);

        List<LedgerEntry> expected = new ArrayList<>(entries(0, 10));
        expected.add(TestEntries.object(100));
        expected.add(TestEntries.object(101));
        assertThat(new LedgerReader(store).entries(SHARD, 0, 12)).containsExactlyElementsOf(expected);
    }

    @Test
    void anObjectOlderThanTheWindowIsAppendedAgain(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 4);
        writer.open();
        writer.append(TestEntries.sourced(0, 6), 6);
        // Leaves 2..5 are the window: object 1 is outside it, object 2 inside; the same holds after a reopen.
        LedgerWriter reopened = new LedgerWriter(store, SHARD, 4);
        reopened.open();
        AppendResult r = reopened.append(List.of(new SourcedEntry(6, TestEntries.object(2, 99)),
                new SourcedEntry(7, TestEntries.object(1, 99))), 8);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.appended()).isEqualTo(1);
        assertThat(new LedgerReader(store).entry(SHARD, 6)).isEqualTo(TestEntries.object(1, 99));
    }

    @Test
    void aBatchWithNoEntriesStillCommitsItsOffset(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 10);
        writer.open();
        writer.append(TestEntries.sourced(0, 3), 3);
        AppendResult r = writer.append(List.of(), 40);
        assertThat(r.appended()).isZero();
        assertThat(new LedgerReader(store).state(SHARD).orElseThrow().nextOffset()).isEqualTo(40);
        assertThat(new LedgerWriter(store, SHARD, 10).append(TestEntries.sourced(3, 6), 6).alreadyIn()).isEqualTo(3);
    }

    private static List<LedgerEntry> entries(long from, long to) {
        List<LedgerEntry> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(TestEntries.object(i));
        }
        return out;
    }
}
