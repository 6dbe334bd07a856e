package org.evidencepipeline.ledger;

/**
 * Where the custody ledger lives in the archive bucket: one tree per shard (a partition of {@code ledger.entries.v1}),
 * under {@code ledger/<shard>/}, laid out as C2SP tlog-tiles so an existing tiles client can read it with the prefix:
 * <ul>
 * <li>{@code ledger/<shard>/checkpoint}: the latest signed checkpoint (C2SP tlog-checkpoint, Ed25519 signed note);</li>
 * <li>{@code ledger/<shard>/tile/<L>/<N>[.p/<W>]}: hash tiles, 256 hashes of tree level 8L per full tile;</li>
 * <li>{@code ledger/<shard>/tile/entries/<N>[.p/<W>]}: entry bundles, each entry its canonical bytes
 *     ({@link LedgerEntryCodec}) prefixed with a big-endian uint16 length;</li>
 * <li>{@code ledger/<shard>/checkpoints/<size>} and {@code …/<size>.tsr}: every checkpoint ever signed, write-once, and
 *     the RFC 3161 token over the SHA-256 of that note's bytes;</li>
 * <li>{@code ledger/<shard>/state.json}: the writer's commit point (tree size, root, next source offset);</li>
 * <li>{@code ledger/<shard>/index/…}: lookup runs by object key, post, hash and collection (see {@code index}).</li>
 * </ul>
 * N is written in groups of three digits, all but the last prefixed with {@code x} (1234067 → {@code x001/x234/067}).
 */
public final class LedgerLayout {
    /** Hashes (and entries) per full tile: tlog-tiles' fixed tile height of 8. */
    public static final int TILE_WIDTH = 256;
    public static final int TILE_HEIGHT = 8;

    private LedgerLayout() {
    }

    public static String prefix(String shard) {
        return "ledger/" + shard + "/";
    }

    /** Every shard's prefix starts here. */
    public static String root() {
        return "ledger/";
    }

    public static String checkpointKey(String shard) {
        return prefix(shard) + "checkpoint";
    }

    public static String checkpointHistoryKey(String shard, long size) {
        return prefix(shard) + "checkpoints/" + size;
    }

    public static String checkpointTokenKey(String shard, long size) {
        return checkpointHistoryKey(shard, size) + ".tsr";
    }

    public static String checkpointHistoryPrefix(String shard) {
        return prefix(shard) + "checkpoints/";
    }

    public static String stateKey(String shard) {
        return prefix(shard) + "state.json";
    }

    public static String indexPrefix(String shard) {
        return prefix(shard) + "index/";
    }

    /**
     * A hash tile: level {@code level} (0 holds leaf hashes), tile index {@code index}; {@code width} 1..256, where 256 is
     * a full tile and anything less a partial one ({@code .p/<width>}).
     */
    public static String tileKey(String shard, int level, long index, int width) {
        return prefix(shard) + "tile/" + level + "/" + path(index) + partial(width);
    }

    /** An entry bundle: entries {@code [256·index, 256·index + width)}. */
    public static String entriesKey(String shard, long index, int width) {
        return prefix(shard) + "tile/entries/" + path(index) + partial(width);
    }

    private static String partial(int width) {
        if (width < 1 || width > TILE_WIDTH) {
            throw new IllegalArgumentException("tile width " + width);
        }
        return width == TILE_WIDTH ? "" : ".p/" + width;
    }

    /** tlog-tiles index encoding: 1234067 → x001/x234/067. */
    static String path(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("tile index " + n);
        }
        String last = String.format("%03d", n % 1000);
        StringBuilder out = new StringBuilder();
        for (long rest = n / 1000; rest > 0; rest /= 1000) {
            out.insert(0, String.format("x%03d/", rest % 1000));
        }
        return out + last;
    }
}
