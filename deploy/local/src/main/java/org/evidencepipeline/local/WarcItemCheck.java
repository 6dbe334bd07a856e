package org.evidencepipeline.local;

import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.SourceEvidence;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTargetRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Re-reads a post's source bytes from the fetch WARC as anyone could: open the object, find the record, take its
 * payload (the HTTP body of a {@code response}, the block of a {@code resource}), hash it and compare it with the
 * recorded body hash and the record's {@code WARC-Payload-Digest}, cut the item out, hash that.
 * The summary shows the outcome, so a user sees the claim checked, not only stated.
 */
final class WarcItemCheck {
    /** {@code status}: OK, MISMATCH (the bytes differ from the recorded hashes) or MISSING (no object or record). */
    record Result(String status, String detail) {
    }

    private WarcItemCheck() {
    }

    static Result check(Path archiveDir, SourceEvidence s) {
        Path warc = archiveDir.resolve(s.warcKey());
        if (!Files.isRegularFile(warc)) {
            return new Result("MISSING", "no object " + s.warcKey() + " in the archive");
        }
        Payload found;
        try {
            Optional<Payload> read = payload(warc, s.warcRecordId());
            if (read.isEmpty()) {
                return new Result("MISSING", "the WARC has no response or resource record " + s.warcRecordId());
            }
            found = read.get();
        } catch (IOException | RuntimeException e) {
            return new Result("MISMATCH", "the WARC cannot be read: " + e.getMessage());
        }
        byte[] payload = found.bytes();
        String bodySha256 = Hashes.sha256Hex(payload);
        if (!bodySha256.equals(s.bodySha256())) {
            return new Result("MISMATCH", "the record's payload hashes to " + bodySha256 + ", not the recorded body sha256");
        }
        if (found.digest().isPresent() && !found.digest().get().equalsIgnoreCase("sha256:" + bodySha256)) {
            return new Result("MISMATCH", "the record's WARC-Payload-Digest " + found.digest().get() + " is not the payload's SHA-256");
        }
        if (s.itemOffset() + s.itemLength() > payload.length) {
            return new Result("MISMATCH", "the item range lies outside the payload of " + payload.length + " bytes");
        }
        byte[] item = Arrays.copyOfRange(payload, (int) s.itemOffset(), (int) (s.itemOffset() + s.itemLength()));
        String itemSha256 = Hashes.sha256Hex(item);
        if (!itemSha256.equals(s.itemSha256())) {
            return new Result("MISMATCH", "the item's bytes hash to " + itemSha256 + ", not the recorded item sha256");
        }
        return new Result("OK", "the WARC payload and the item's byte range re-hash to the recorded SHA-256s");
    }

    /** A record's payload and its {@code WARC-Payload-Digest} as {@code sha256:<hex>}, if it has a SHA-256 one. */
    private record Payload(byte[] bytes, Optional<String> digest) {
    }

    private static Optional<Payload> payload(Path warc, String recordId) throws IOException {
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (!r.id().toString().equals(recordId)) {
                    continue;
                }
                byte[] bytes;
                if (r instanceof WarcResponse res) {
                    bytes = res.http().body().stream().readAllBytes();
                } else if (r instanceof WarcResource res) {
                    bytes = res.body().stream().readAllBytes();
                } else {
                    return Optional.empty();
                }
                Optional<String> digest = ((WarcTargetRecord) r).payloadDigest()
                        .filter(d -> d.algorithm().equalsIgnoreCase("sha256") || d.algorithm().equalsIgnoreCase("sha-256"))
                        .map(d -> "sha256:" + d.hex());
                return Optional.of(new Payload(bytes, digest));
            }
        }
        return Optional.empty();
    }
}
