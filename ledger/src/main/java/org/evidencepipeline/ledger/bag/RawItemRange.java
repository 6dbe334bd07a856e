package org.evidencepipeline.ledger.bag;

import org.evidencepipeline.contracts.LedgerEntry;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Re-cuts a raw item from its fetch WARC: bytes {@code [offset, offset + length)} of the payload (the HTTP body of a
 * response record, the block of a resource record) of the record {@code within} names, hashed as they stream past.
 */
final class RawItemRange {
    /** The range's SHA-256, or why it could not be cut. */
    record Cut(String sha256, String problem) {
    }

    private RawItemRange() {
    }

    static Cut sha256(InputStream warc, LedgerEntry.Within within) {
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (!within.warcRecordId().equals(r.id().toString())) {
                    continue;
                }
                InputStream payload;
                if (r instanceof WarcResponse res) {
                    payload = res.http().body().stream();
                } else if (r instanceof WarcResource res) {
                    payload = res.body().stream();
                } else {
                    return new Cut(null, "record " + within.warcRecordId() + " is a " + r.type() + " record, not a response or resource");
                }
                return cut(payload, within);
            }
            return new Cut(null, "the WARC holds no record " + within.warcRecordId());
        } catch (IOException | RuntimeException e) {
            return new Cut(null, "the WARC cannot be parsed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static Cut cut(InputStream payload, LedgerEntry.Within within) throws IOException {
        try {
            payload.skipNBytes(within.offset());
        } catch (java.io.EOFException e) {
            return new Cut(null, "the record's payload ends before the raw item's offset " + within.offset());
        }
        MessageDigest d = BagZipWriter.digest("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long left = within.length();
        while (left > 0) {
            int n = payload.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return new Cut(null, "the record's payload ends before the raw item [" + within.offset() + ", +" + within.length() + ")");
            }
            d.update(buffer, 0, n);
            left -= n;
        }
        return new Cut(HexFormat.of().formatHex(d.digest()), null);
    }
}
