package org.evidencepipeline.ledger.merkle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree heads of the Certificate Transparency reference test vectors (the eight inputs of RFC 6962's reference
 * implementation tests), and every inclusion and consistency proof up to 70 leaves verifying, while any altered proof,
 * index, size or root fails.
 */
class MerkleTreeMatchesRfc6962VectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] INPUTS = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    @Test
    void treeHeadsAreTheReferenceOnes() {
        LeafList tree = new LeafList();
        assertThat(HEX.formatHex(Merkle.root(tree, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int i = 0; i < INPUTS.length; i++) {
            tree.add(Merkle.leafHash(HEX.parseHex(INPUTS[i])));
            assertThat(HEX.formatHex(Merkle.root(tree, i + 1))).as("root of %d leaves", i + 1).isEqualTo(ROOTS[i]);
        }
    }

    @Test
    void everyInclusionProofVerifiesAndNoAlteredOneDoes() {
        LeafList tree = tree(70);
        for (long size = 1; size <= 70; size++) {
            byte[] root = Merkle.root(tree, size);
            for (long i = 0; i < size; i++) {
                byte[] leaf = tree.node(0, i);
                List<byte[]> path = Merkle.inclusionPath(tree, i, size);
                assertThat(Merkle.verifyInclusion(leaf, i, size, path, root)).as("leaf %d of %d", i, size).isTrue();
                assertThat(Merkle.verifyInclusion(tree.node(0, (i + 1) % size), i, size, path, root) && size > 1).isFalse();
                if (!path.isEmpty()) {
                    List<byte[]> altered = new ArrayList<>(path);
                    byte[] first = altered.get(0).clone();
                    first[0] ^= 1;
                    altered.set(0, first);
                    assertThat(Merkle.verifyInclusion(leaf, i, size, altered, root)).isFalse();
                    assertThat(Merkle.verifyInclusion(leaf, i, size, path.subList(0, path.size() - 1), root)).isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndNoAlteredOneDoes() {
        LeafList tree = tree(70);
        for (long n = 1; n <= 70; n++) {
            byte[] newRoot = Merkle.root(tree, n);
            for (long m = 1; m <= n; m++) {
                byte[] oldRoot = Merkle.root(tree, m);
                List<byte[]> path = Merkle.consistencyPath(tree, m, n);
                assertThat(Merkle.verifyConsistency(m, n, path, oldRoot, newRoot)).as("%d to %d", m, n).isTrue();
                if (m < n) {
                    byte[] wrongOld = oldRoot.clone();
                    wrongOld[5] ^= 1;
                    assertThat(Merkle.verifyConsistency(m, n, path, wrongOld, newRoot)).isFalse();
                    byte[] wrongNew = newRoot.clone();
                    wrongNew[5] ^= 1;
                    assertThat(Merkle.verifyConsistency(m, n, path, oldRoot, wrongNew)).isFalse();
                    List<byte[]> altered = new ArrayList<>(path);
                    byte[] last = altered.get(altered.size() - 1).clone();
                    last[0] ^= 1;
                    altered.set(altered.size() - 1, last);
                    assertThat(Merkle.verifyConsistency(m, n, altered, oldRoot, newRoot)).isFalse();
                }
            }
        }
    }

    private static LeafList tree(int n) {
        LeafList tree = new LeafList();
        for (int i = 0; i < n; i++) {
            tree.add(Merkle.leafHash(("entry " + i).getBytes()));
        }
        return tree;
    }
}
