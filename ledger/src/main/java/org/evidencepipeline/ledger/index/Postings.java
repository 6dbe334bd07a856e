package org.evidencepipeline.ledger.index;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects postings (lookup hash, leaf) and lays them out as a run's record block: sorted by hash, then leaf, exact
 * repeats dropped, each record {@value #RECORD} bytes (32-byte hash, 8-byte big-endian leaf). Byte order is the sort
 * order, so any two builds of the same postings give the same bytes.
 */
final class Postings {
    static final int HASH = 32;
    static final int RECORD = HASH + Long.BYTES;

    private final List<byte[]> records = new ArrayList<>();

    void add(byte[] hash, long leaf) {
        records.add(ByteBuffer.allocate(RECORD).put(hash, 0, HASH).putLong(leaf).array());
    }

    /** Adds the records {@code [from, to)} of a record block whose leaves lie in {@code [firstLeaf, lastLeaf]}. */
    void addFrom(byte[] block, int offset, int count, long firstLeaf, long lastLeaf) {
        for (int i = 0; i < count; i++) {
            int at = offset + i * RECORD;
            long leaf = ByteBuffer.wrap(block, at + HASH, Long.BYTES).getLong();
            if (leaf >= firstLeaf && leaf <= lastLeaf) {
                records.add(Arrays.copyOfRange(block, at, at + RECORD));
            }
        }
    }

    /** The sorted, de-duplicated record block. */
    byte[] block() {
        records.sort(Arrays::compareUnsigned);
        ByteBuffer out = ByteBuffer.allocate(records.size() * RECORD);
        byte[] previous = null;
        for (byte[] r : records) {
            if (previous == null || !Arrays.equals(previous, r)) {
                out.put(r);
            }
            previous = r;
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}
