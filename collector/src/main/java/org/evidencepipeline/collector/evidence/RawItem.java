package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.contracts.Hashes;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where one post is in what its source returned: the capture, the record in it (0 for an HTTP response, the frame's
 * index for a listening window), the exact byte range of the item in that record's payload, and what kind of item it
 * is ({@link org.evidencepipeline.contracts.SourceEvidence#JSON_OBJECT} and the others).
 */
public record RawItem(SourceCapture capture, int record, int offset, int length, String kind) {
    public RawItem {
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(kind, "kind");
        byte[] payload = payload(capture, record);
        if (offset < 0 || length < 0 || (long) offset + length > payload.length) {
            throw new IllegalArgumentException("item [" + offset + ", +" + length + ") is outside a payload of " + payload.length + " bytes");
        }
    }

    /** The whole of an HTTP response body. */
    public static RawItem of(HttpExchange exchange, int offset, int length, String kind) {
        return new RawItem(exchange, 0, offset, length, kind);
    }

    public byte[] bytes() {
        return Arrays.copyOfRange(payload(capture, record), offset, offset + length);
    }

    public String sha256() {
        return Hashes.sha256Hex(bytes());
    }

    static byte[] payload(SourceCapture capture, int record) {
        if (capture instanceof HttpExchange e) {
            if (record != 0) {
                throw new IllegalArgumentException("an HTTP exchange has one payload, not record " + record);
            }
            return e.body();
        }
        return ((ListeningWindow) capture).frames().get(record).bytes();
    }
}
