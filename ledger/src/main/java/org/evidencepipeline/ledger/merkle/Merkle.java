package org.evidencepipeline.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 9162 (Certificate Transparency 2.0) Merkle tree over SHA-256, §2.1: leaf and node hashes, the tree head, and
 * inclusion and consistency proofs with their verification. Written from the RFC's definitions (MTH, PATH, PROOF,
 * SUBPROOF) and verification algorithms (§2.1.3.2, §2.1.4.2), so any RFC 9162 / C2SP tlog verifier accepts what it makes.
 * Proofs are built from {@link NodeSource}: only hashes of perfect subtrees are ever needed, which is what tiles store.
 */
public final class Merkle {
    /** Leaf hashes are domain-separated from node hashes (0x00 / 0x01), so no leaf can pose as an inner node. */
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private Merkle() {
    }

    /** Hashes of perfect subtrees: {@code node(level, index)} covers leaves {@code [index << level, (index + 1) << level)}. */
    public interface NodeSource {
        byte[] node(int level, long index);
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest d = sha256();
        d.update(LEAF);
        d.update(entry);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update(NODE);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** MTH of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The tree head of the first {@code size} leaves. */
    public static byte[] root(NodeSource nodes, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        return size == 0 ? emptyRoot() : subtree(nodes, 0, size);
    }

    /** MTH(D[start:start+n]) where {@code start} is a multiple of the largest power of two below or equal to n. */
    static byte[] subtree(NodeSource nodes, long start, long n) {
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.node(level, start >>> level);
        }
        long k = splitPoint(n);
        return nodeHash(subtree(nodes, start, k), subtree(nodes, start + k, n - k));
    }

    /** The largest power of two smaller than n (n > 1). */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** PATH(m, D[0:size]): the audit path of leaf {@code index}, leaf side first. */
    public static List<byte[]> inclusionPath(NodeSource nodes, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(nodes, index, 0, size, path);
        return path;
    }

    private static void path(NodeSource nodes, long m, long start, long n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        long k = splitPoint(n);
        if (m - start < k) {
            path(nodes, m, start, k, out);
            out.add(subtree(nodes, start + k, n - k));
        } else {
            path(nodes, m, start + k, n - k, out);
            out.add(subtree(nodes, start, k));
        }
    }

    /** PROOF(m, D[0:n]): that the tree of size {@code oldSize} is a prefix of the tree of size {@code newSize}. */
    public static List<byte[]> consistencyPath(NodeSource nodes, long oldSize, long newSize) {
        if (oldSize < 1 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to " + newSize);
        }
        List<byte[]> out = new ArrayList<>();
        if (oldSize < newSize) {
            subproof(nodes, oldSize, 0, newSize, true, out);
        }
        return out;
    }

    private static void subproof(NodeSource nodes, long m, long start, long n, boolean complete, List<byte[]> out) {
        if (m == n) {
            if (!complete) {
                out.add(subtree(nodes, start, n));
            }
            return;
        }
        long k = splitPoint(n);
        if (m <= k) {
            subproof(nodes, m, start, k, complete, out);
            out.add(subtree(nodes, start + k, n - k));
        } else {
            subproof(nodes, m - k, start + k, n - k, false, out);
            out.add(subtree(nodes, start, k));
        }
    }

    /** RFC 9162 §2.1.3.2: does {@code path} prove leaf hash {@code leaf} at {@code index} in the tree with {@code root}? */
    public static boolean verifyInclusion(byte[] leaf, long index, long size, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2: does {@code path} prove the tree ({@code oldSize}, {@code oldRoot}) a prefix of the newer one? */
    public static boolean verifyConsistency(long oldSize, long newSize, List<byte[]> path, byte[] oldRoot, byte[] newRoot) {
        if (oldSize < 1 || oldSize > newSize) {
            return false;
        }
        if (oldSize == newSize) {
            return path.isEmpty() && Arrays.equals(oldRoot, newRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        List<byte[]> p = new ArrayList<>(path);
        if (Long.bitCount(oldSize) == 1) {
            p.add(0, oldRoot);
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (int i = 1; i < p.size(); i++) {
            byte[] c = p.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
