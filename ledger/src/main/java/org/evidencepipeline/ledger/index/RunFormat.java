package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.StorageException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The bytes of a run object:
 * <pre>
 * header  40 bytes: magic "EPIX", uint16 version (1), uint16 level, uint64 first leaf, uint64 last leaf (inclusive),
 *                   uint64 record count, uint32 fence interval F, uint32 fence count
 * fences  fence count × 32 bytes: the hash of every F-th record (0, F, 2F, …)
 * records count × 40 bytes, sorted (see {@link Postings})
 * </pre>
 * The fences let a reader of a run too large to GET whole find the slice that can hold a hash with one ranged GET.
 */
final class RunFormat {
    static final int MAGIC = 0x45504958; // "EPIX"
    static final int VERSION = 1;
    static final int HEADER = 40;
    static final int FENCE_EVERY = 1024;

    private RunFormat() {
    }

    record Header(int level, long first, long last, long count, int fenceEvery, int fenceCount) {
        long recordsOffset() {
            return HEADER + (long) fenceCount * Postings.HASH;
        }

        long totalSize() {
            return recordsOffset() + count * Postings.RECORD;
        }
    }

    static byte[] encode(RunName name, byte[] block) {
        int count = block.length / Postings.RECORD;
        int fences = (count + FENCE_EVERY - 1) / FENCE_EVERY;
        ByteBuffer out = ByteBuffer.allocate(HEADER + fences * Postings.HASH + block.length);
        out.putInt(MAGIC).putShort((short) VERSION).putShort((short) name.level()).putLong(name.first()).putLong(name.last())
                .putLong(count).putInt(FENCE_EVERY).putInt(fences);
        for (int i = 0; i < fences; i++) {
            out.put(block, i * FENCE_EVERY * Postings.RECORD, Postings.HASH);
        }
        return out.put(block).array();
    }

    /** Reads and checks the header against the run's name, so a misnamed or foreign object is never trusted. */
    static Header header(String key, RunName name, byte[] bytes) throws StorageException {
        if (bytes.length < HEADER) {
            throw corrupt(key, "shorter than its header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC || in.getShort() != VERSION) {
            throw corrupt(key, "not an index run of version " + VERSION);
        }
        Header h = new Header(in.getShort(), in.getLong(), in.getLong(), in.getLong(), in.getInt(), in.getInt());
        if (h.level() != name.level() || h.first() != name.first() || h.last() != name.last() || h.count() < 0
                || h.fenceEvery() <= 0 || h.fenceCount() != (h.count() + h.fenceEvery() - 1) / h.fenceEvery()) {
            throw corrupt(key, "header does not match its name");
        }
        return h;
    }

    static StorageException corrupt(String key, String why) {
        return new StorageException("index run " + key + " is corrupt: " + why, null);
    }

    /** Calls {@code leaves} with the leaf of every record in the block whose hash is {@code hash}, in leaf order. */
    static void find(byte[] block, int offset, int count, byte[] hash, LongConsumer leaves) {
        int lo = 0;
        int hi = count;
        while (lo < hi) { // first record with hash >= target
            int mid = (lo + hi) >>> 1;
            if (compareHash(block, offset + mid * Postings.RECORD, hash) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < count && compareHash(block, offset + i * Postings.RECORD, hash) == 0; i++) {
            leaves.accept(ByteBuffer.wrap(block, offset + i * Postings.RECORD + Postings.HASH, Long.BYTES).getLong());
        }
    }

    static int compareHash(byte[] bytes, int at, byte[] hash) {
        return Arrays.compareUnsigned(bytes, at, at + Postings.HASH, hash, 0, Postings.HASH);
    }
}
