package org.evidencepipeline.capturer.ledger;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The custody ledger entries of one capture, rebuilt from its provenance record on file: one per page artifact or video
 * part (and the muxed file), one for the provenance record and one for its time-stamp token when there is one. The
 * same function serves a first capture and an idempotent republish, so a replay states the same objects again (the
 * ledger drops the repeats).
 *
 * <p>Artifacts and parts are stated with the SHA-256 and size the record holds: each was hashed before it was stored
 * under the key named by that hash, write-once. The provenance record and token are read back, so their entries state
 * the bytes the archive holds, not a re-encoding. Every entry is dated when this found the capture durable: after the
 * provenance, which is written last. The version ids stay null: the capturer's write-once writes do not return them.
 */
public final class CaptureEntries {
    private final ArchiveStore store;
    private final Clock clock;

    public CaptureEntries(ArchiveStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The entries of a page record; none when nothing is on record (refused, failed, skipped). */
    public List<LedgerEntry> page(PageArchived record) throws StorageException {
        PageProvenance p = record.provenance();
        if (p == null) {
            return List.of();
        }
        Instant time = clock.instant();
        Scope scope = new Scope(p.captureId(), p.postId(), p.postVersion(), p.collectionIds(), time);
        List<LedgerEntry> entries = new ArrayList<>();
        for (PageArtifact a : p.artifacts()) {
            entries.add(scope.entry(LedgerEntry.PAGE_ARTIFACT, a.objectKey(), a.sha256(), a.size()));
        }
        entries.add(scope.onFile(LedgerEntry.PAGE_PROVENANCE, ArchiveStore.pageProvenanceKey(p.captureId())));
        scope.token(ArchiveStore.pageTimestampKey(p.captureId())).ifPresent(entries::add);
        return List.copyOf(entries);
    }

    /** The entries of a video record; none when nothing is on record (refused, skipped, failed with nothing kept). */
    public List<LedgerEntry> video(VideoArchived record) throws StorageException {
        VideoProvenance p = record.provenance();
        if (p == null) {
            return List.of();
        }
        Instant time = clock.instant();
        Scope scope = new Scope(p.captureId(), p.postId(), p.postVersion(), p.collectionIds(), time);
        List<LedgerEntry> entries = new ArrayList<>();
        for (VideoPart part : p.parts()) {
            entries.add(scope.entry(LedgerEntry.VIDEO_PART, part.objectKey(), part.sha256(), part.size()));
        }
        if (p.muxed() != null) {
            VideoProvenance.Muxed m = p.muxed();
            entries.add(scope.entry(LedgerEntry.VIDEO_PART, m.objectKey(), m.sha256(), m.size()));
        }
        entries.add(scope.onFile(LedgerEntry.VIDEO_PROVENANCE, ArchiveStore.videoProvenanceKey(p.captureId())));
        scope.token(ArchiveStore.videoTimestampKey(p.captureId())).ifPresent(entries::add);
        return List.copyOf(entries);
    }

    /** What every entry of one capture shares. */
    private final class Scope {
        private final String captureId;
        private final String postId;
        private final Integer postVersion;
        private final List<String> collectionIds;
        private final Instant time;

        Scope(String captureId, String postId, Integer postVersion, List<String> collectionIds, Instant time) {
            this.captureId = captureId;
            this.postId = postId;
            this.postVersion = postVersion;
            this.collectionIds = collectionIds;
            this.time = time;
        }

        LedgerEntry entry(String kind, String key, String sha256, long size) {
            return LedgerEntry.of(kind, key, sha256, size, captureId, postId, postVersion, collectionIds, time, null);
        }

        /** The object as the archive holds it; a provenance record the capture just wrote or read must be there. */
        LedgerEntry onFile(String kind, String key) throws StorageException {
            Optional<byte[]> bytes = store.get(key);
            if (bytes.isEmpty()) {
                throw new StorageException(key + " is not in the archive, though the capture is on record", null);
            }
            return entry(kind, key, Hashes.sha256Hex(bytes.get()), bytes.get().length);
        }

        /** The time-stamp token beside the provenance, when the TSA answered. */
        Optional<LedgerEntry> token(String key) throws StorageException {
            Optional<byte[]> bytes = store.get(key);
            return bytes.map(b -> entry(LedgerEntry.TIMESTAMP, key, Hashes.sha256Hex(b), b.length));
        }
    }
}
