package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.merkle.Merkle;

import java.util.List;

/**
 * Perfect-subtree hashes of a tree of {@code treeSize} leaves from its hash tiles: node (level, index) lies in the tile
 * at tile level {@code level / 8}; levels between multiples of 8 are hashed up from that tile's hashes (at most 127
 * hashes for level 8L+7).
 */
final class TileNodes implements Merkle.NodeSource {
    /** The hashes of tile (level, index) of the tree, at least {@code width} of them. */
    interface Tiles {
        List<byte[]> tile(int tileLevel, long tileIndex, int width);
    }

    private final long treeSize;
    private final Tiles tiles;

    TileNodes(long treeSize, Tiles tiles) {
        this.treeSize = treeSize;
        this.tiles = tiles;
    }

    /** Nodes of tile level L in a tree of {@code size} leaves: its count of level-8L nodes. */
    static long nodesAt(long size, int tileLevel) {
        int shift = LedgerLayout.TILE_HEIGHT * tileLevel;
        return shift >= 64 ? 0 : size >>> shift;
    }

    /** The width of tile (L, index) in a tree of {@code size}: 256, or less for the rightmost (partial) tile. */
    static int width(long size, int tileLevel, long tileIndex) {
        long n = nodesAt(size, tileLevel) - tileIndex * LedgerLayout.TILE_WIDTH;
        return (int) Math.min(LedgerLayout.TILE_WIDTH, n);
    }

    @Override
    public byte[] node(int level, long index) {
        int tileLevel = level / LedgerLayout.TILE_HEIGHT;
        int rise = level % LedgerLayout.TILE_HEIGHT;
        long first = index << rise;
        int count = 1 << rise;
        if (index < 0 || first + count > nodesAt(treeSize, tileLevel)) {
            throw new IllegalArgumentException("no perfect subtree at level " + level + " index " + index + " in " + treeSize + " leaves");
        }
        long tileIndex = first / LedgerLayout.TILE_WIDTH;
        int offset = (int) (first % LedgerLayout.TILE_WIDTH);
        List<byte[]> hashes = tiles.tile(tileLevel, tileIndex, width(treeSize, tileLevel, tileIndex));
        return TileCodec.hashUp(hashes, offset, count);
    }
}
