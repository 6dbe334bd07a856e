package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.merkle.InclusionProof;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree written as tiles to a real S3 server is the RFC 9162 tree: at sizes on and around tile edges (and past the
 * first level-2 node, 65,536 leaves) its root, read back from the tiles alone, equals the in-memory reference
 * tree's, and inclusion and consistency proofs built from tiles verify against the reference roots.
 */
@ExtendWith(LedgerBucket.class)
class TiledTreeHasTheRootOfTheReferenceTreeTest {
    private static final String SHARD = "0";
    private static final long[] SIZES = {1, 255, 256, 257, 511, 65_536 + 3};

    @Test
    void rootsAndProofsFromTilesMatchTheReferenceTreeAroundTileEdges(ArchiveStore store) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, SHARD, 0);
        LedgerReader reader = new LedgerReader(store);
        assertThat(writer.open().size()).isZero();

        List<LedgerEntry> all = new ArrayList<>();
        LeafList reference = new LeafList();
        long size = 0;
        for (long target : SIZES) {
            while (size < target) {
                long to = Math.min(target, size + 4096);
                AppendResult r = writer.append(TestEntries.sourced(size, to), to);
                assertThat(r.firstIndex()).isEqualTo(size);
                assertThat(r.appended()).isEqualTo((int) (to - size));
                for (long i = size; i < to; i++) {
                    LedgerEntry e = TestEntries.object(i);
                    all.add(e);
                    reference.add(Merkle.leafHash(LedgerEntryCodec.canonical(e)));
                }
                size = to;
            }
            byte[] expected = Merkle.root(reference, size);
            assertThat(writer.state().rootHash()).as("writer root at %d", size).isEqualTo(expected);
            assertThat(reader.state(SHARD).orElseThrow().rootHash()).isEqualTo(expected);
            assertThat(reader.root(SHARD, size)).as("root from tiles at %d", size).isEqualTo(expected);
            for (long index : probes(size)) {
                InclusionProof proof = reader.inclusion(SHARD, index, size);
                assertThat(proof.path()).as("path of %d in %d", index, size)
                        .usingElementComparator(TiledTreeHasTheRootOfTheReferenceTreeTest::compareBytes)
                        .containsExactlyElementsOf(Merkle.inclusionPath(reference, index, size));
                assertThat(proof.verify(Merkle.leafHash(reader.entryBytes(SHARD, index)), expected)).isTrue();
            }
            for (long old : SIZES) {
                if (old <= size) {
                    assertThat(reader.consistency(SHARD, old, size).verify(Merkle.root(reference, old), expected))
                            .as("consistency %d -> %d", old, size).isTrue();
                }
            }
        }

        // Older trees stay readable from the tiles (their partial tiles are kept), and the layout is tlog-tiles'.
        for (long old : SIZES) {
            assertThat(reader.root(SHARD, old)).as("historic root %d", old).isEqualTo(Merkle.root(reference, old));
        }
        assertThat(store.get(LedgerLayout.tileKey(SHARD, 0, 0, 256)).orElseThrow()).isEqualTo(concat(reference, 0, 0, 256));
        assertThat(store.get(LedgerLayout.tileKey(SHARD, 0, 256, 3)).orElseThrow()).isEqualTo(concat(reference, 0, 65_536, 3));
        assertThat(store.get(LedgerLayout.tileKey(SHARD, 1, 0, 256)).orElseThrow()).isEqualTo(concat(reference, 8, 0, 256));
        assertThat(store.get(LedgerLayout.tileKey(SHARD, 2, 0, 1)).orElseThrow()).isEqualTo(reference.node(16, 0));
        assertThat(store.exists(LedgerLayout.tileKey(SHARD, 1, 1, 1))).isFalse();
        assertThat(reader.entries(SHARD, 65_530, 65_539)).containsExactlyElementsOf(all.subList(65_530, 65_539));
        assertThat(reader.entryBytes(SHARD, 0, size)).hasSize((int) size);
        assertThat(reader.shards()).containsExactly(SHARD);

        // A fresh writer reopens the same tree from its tiles.
        LedgerState reopened = new LedgerWriter(store, SHARD, 0).open();
        assertThat(reopened.size()).isEqualTo(size);
        assertThat(reopened.rootHash()).isEqualTo(Merkle.root(reference, size));
    }

    /** Leaves worth proving: the ends, tile edges and a middle one. */
    private static List<Long> probes(long size) {
        TreeSet<Long> out = new TreeSet<>();
        for (long i : new long[]{0, 1, 254, 255, 256, 257, 510, size / 2, 65_535, 65_536, size - 2, size - 1}) {
            if (i >= 0 && i < size) {
                out.add(i);
            }
        }
        return new ArrayList<>(out);
    }

    private static byte[] concat(LeafList tree, int level, long from, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = from; i < from + count; i++) {
            out.writeBytes(tree.node(level, i));
        }
        return out.toByteArray();
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
