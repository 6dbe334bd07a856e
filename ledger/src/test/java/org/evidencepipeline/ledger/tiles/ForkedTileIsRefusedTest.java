package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.ledger.LedgerLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full tile or entry bundle is write-once: when one is already there with other bytes (another tree grew here), the
 * append is refused and nothing is committed. Nor is a tree appended to whose stored tiles do not give its committed
 * root.
 */
@ExtendWith(LedgerBucket.class)
class ForkedTileIsRefusedTest {
    private static final String SHARD = "0";
    private static final String OCTETS = "application/octet-stream";

    @Test
    void aFullTileWithOtherBytesIsRefusedAndNothingIsCommitted(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 100);
        writer.open();
        LedgerState committed = writer.append(TestEntries.sourced(0, 200), 200).state();
        byte[] other = new byte[256 * 32];
        Arrays.fill(other, (byte) 7);
        store.putBytes(LedgerLayout.tileKey(SHARD, 0, 0, 256), other, OCTETS);

        assertThatThrownBy(() -> writer.append(TestEntries.sourced(200, 300), 300))
                .isInstanceOf(LedgerIntegrityException.class).hasMessageContaining("tile/0/000");

        LedgerState stored = new LedgerReader(store).state(SHARD).orElseThrow();
        assertThat(stored.size()).isEqualTo(200);
        assertThat(stored.nextOffset()).isEqualTo(200);
        assertThat(stored.rootHash()).isEqualTo(committed.rootHash());
        assertThat(store.get(LedgerLayout.tileKey(SHARD, 0, 0, 256)).orElseThrow()).isEqualTo(other);
        // The retry (a fresh writer, as after a restart) is refused the same way.
        assertThatThrownBy(() -> new LedgerWriter(store, SHARD, 100).append(TestEntries.sourced(200, 300), 300))
                .isInstanceOf(LedgerIntegrityException.class);
        assertThat(new LedgerReader(store).state(SHARD).orElseThrow().size()).isEqualTo(200);
    }

    @Test
    void aFullEntryBundleWithOtherBytesIsRefused(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 100);
        writer.open();
        writer.append(TestEntries.sourced(0, 10), 10);
        store.putBytes(LedgerLayout.entriesKey(SHARD, 0, 256), TileCodec.bundle(
                TestEntries.sourced(1000, 1256).stream().map(s -> org.evidencepipeline.ledger.LedgerEntryCodec.canonical(s.entry())).toList()), OCTETS);

        assertThatThrownBy(() -> writer.append(TestEntries.sourced(10, 256), 256))
                .isInstanceOf(LedgerIntegrityException.class).hasMessageContaining("tile/entries/000");
        assertThat(new LedgerReader(store).state(SHARD).orElseThrow().size()).isEqualTo(10);
    }

    @Test
    void tilesThatDoNotGiveTheCommittedRootAreNotAppendedTo(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 100);
        writer.open();
        writer.append(TestEntries.sourced(0, 300), 300);
        String edge = LedgerLayout.tileKey(SHARD, 0, 1, 44);
        byte[] tampered = store.get(edge).orElseThrow();
        tampered[5] ^= 1;
        store.putBytes(edge, tampered, OCTETS);

        assertThatThrownBy(() -> new LedgerWriter(store, SHARD, 100).open())
                .isInstanceOf(LedgerIntegrityException.class).hasMessageContaining("do not reproduce the root");
        assertThat(new LedgerReader(store).state(SHARD).orElseThrow().size()).isEqualTo(300);
    }
}
