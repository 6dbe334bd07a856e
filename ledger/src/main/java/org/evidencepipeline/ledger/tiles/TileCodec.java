package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.ledger.merkle.Merkle;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of C2SP tlog-tiles objects: a hash tile is its hashes concatenated (32 bytes each, no framing); an entry
 * bundle is each entry prefixed with its length as a big-endian uint16.
 */
final class TileCodec {
    static final int HASH = 32;

    private TileCodec() {
    }

    static byte[] hashes(List<byte[]> hashes) {
        byte[] out = new byte[hashes.size() * HASH];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, out, i * HASH, HASH);
        }
        return out;
    }

    /**
     * The first {@code width} hashes of a tile; {@code exact}: it must hold exactly that many, else at least (a wider,
     * grown tile's prefix is the same tree).
     */
    static List<byte[]> parseHashes(byte[] tile, int width, String key, boolean exact) {
        if (tile.length % HASH != 0 || tile.length / HASH < width || exact && tile.length / HASH != width) {
            throw new LedgerIntegrityException("tile " + key + " has " + tile.length + " bytes, not " + width + " hashes");
        }
        List<byte[]> out = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            byte[] h = new byte[HASH];
            System.arraycopy(tile, i * HASH, h, 0, HASH);
            out.add(h);
        }
        return out;
    }

    static byte[] bundle(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 300);
        for (byte[] e : entries) {
            if (e.length > LedgerWriter.MAX_ENTRY_BYTES) {
                throw new IllegalArgumentException("ledger entry of " + e.length + " bytes exceeds the bundle's uint16 length");
            }
            out.write(e.length >>> 8);
            out.write(e.length & 0xFF);
            out.write(e, 0, e.length);
        }
        return out.toByteArray();
    }

    /** The first {@code width} entries of a bundle; throws if it holds fewer or is malformed. */
    static List<byte[]> parseBundle(byte[] bundle, int width, String key) {
        List<byte[]> out = new ArrayList<>(width);
        int p = 0;
        while (out.size() < width) {
            if (p + 2 > bundle.length) {
                throw new LedgerIntegrityException("entry bundle " + key + " holds fewer than " + width + " entries");
            }
            int len = ((bundle[p] & 0xFF) << 8) | (bundle[p + 1] & 0xFF);
            p += 2;
            if (p + len > bundle.length) {
                throw new LedgerIntegrityException("entry bundle " + key + " is truncated");
            }
            byte[] e = new byte[len];
            System.arraycopy(bundle, p, e, 0, len);
            out.add(e);
            p += len;
        }
        return out;
    }

    /** The root of the perfect subtree over {@code hashes[from, from + count)}, count a power of two. */
    static byte[] hashUp(List<byte[]> hashes, int from, int count) {
        if (count == 1) {
            return hashes.get(from);
        }
        int half = count / 2;
        return Merkle.nodeHash(hashUp(hashes, from, half), hashUp(hashes, from + half, half));
    }
}
