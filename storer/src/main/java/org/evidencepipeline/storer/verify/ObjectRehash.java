package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Re-hashes one archive object in a single streamed pass: its SHA-256 and size, its current version id, and, when raw
 * items are wanted, the SHA-256 of each range of a WARC record's payload (read as the post verifier reads it: the HTTP
 * body of a response record, the block of a resource record).
 */
final class ObjectRehash {
    record Range(String sha256, long size, String fault) {
    }

    record Result(boolean present, String sha256, long size, String versionId, Map<LedgerEntry.Within, Range> ranges) {
    }

    private ObjectRehash() {
    }

    static Result of(ArchiveStore store, String key, List<LedgerEntry.Within> ranges) throws StorageException {
        Optional<ArchiveStore.ObjectStat> stat = store.stat(key);
        Optional<InputStream> object = stat.isEmpty() ? Optional.empty() : store.open(key);
        if (object.isEmpty()) {
            return new Result(false, null, -1, null, Map.of());
        }
        Map<LedgerEntry.Within, Range> found = new HashMap<>();
        try (InputStream raw = object.get(); HashingStream in = new HashingStream(raw)) {
            if (!ranges.isEmpty()) {
                readRanges(in, ranges, found);
            }
            in.transferTo(OutputStream.nullOutputStream());
            return new Result(true, HexFormat.of().formatHex(in.sha256.digest()), in.size, stat.get().versionId(), found);
        } catch (IOException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private static void readRanges(InputStream in, List<LedgerEntry.Within> ranges, Map<LedgerEntry.Within, Range> found)
            throws IOException {
        Set<String> wanted = ranges.stream().map(LedgerEntry.Within::warcRecordId).collect(Collectors.toSet());
        try {
            WarcReader reader = new WarcReader(in);
            for (Optional<WarcRecord> next = reader.next(); next.isPresent() && !wanted.isEmpty(); next = reader.next()) {
                WarcRecord r = next.get();
                String id = r.id().toString();
                if (!wanted.remove(id)) {
                    continue;
                }
                byte[] payload = r instanceof WarcResponse res ? res.http().body().stream().readAllBytes()
                        : r instanceof WarcResource res ? res.body().stream().readAllBytes() : null;
                for (LedgerEntry.Within w : ranges) {
                    if (!w.warcRecordId().equals(id)) {
                        continue;
                    }
                    if (payload == null) {
                        found.put(w, new Range(null, -1, "record " + id + " is a " + r.type() + " record, not a response or resource"));
                    } else if (w.offset() < 0 || w.length() < 0 || w.offset() + w.length() > payload.length) {
                        found.put(w, new Range(null, -1, "the range is outside the " + payload.length + "-byte payload of " + id));
                    } else {
                        byte[] item = Arrays.copyOfRange(payload, (int) w.offset(), (int) (w.offset() + w.length()));
                        found.put(w, new Range(Hashes.sha256Hex(item), item.length, null));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && PostVerifier.isUnreachable(e)) {
                throw io;
            }
            for (LedgerEntry.Within w : ranges) {
                found.putIfAbsent(w, new Range(null, -1, "the WARC cannot be parsed (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + ")"));
            }
        }
        for (LedgerEntry.Within w : ranges) {
            found.putIfAbsent(w, new Range(null, -1, "the WARC holds no record " + w.warcRecordId()));
        }
    }
}
