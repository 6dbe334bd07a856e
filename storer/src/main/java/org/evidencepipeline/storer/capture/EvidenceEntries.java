package org.evidencepipeline.storer.capture;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.SourceEvidence;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The custody ledger entries of one post version's objects, in the order they became durable. Each entry is made right
 * after its object is durable, timed by the storer's clock. An object this attempt wrote carries the version id its
 * write returned; an object found already stored (a replay, or the same media bytes from another post) is stated
 * again with the version id S3 reports for it now (one HEAD, only for objects found, never for objects written), so a
 * replay after a crash between a write and its publish still records which version is the evidence. A replay's entries
 * are those of the first attempt apart from {@code time}; the ledger drops the repeats.
 */
public final class EvidenceEntries {
    private final ArchiveStore store;
    private final Clock clock;
    private final String postId;
    private final int postVersion;
    private final List<String> collectionIds;
    private final List<LedgerEntry> entries = new ArrayList<>();

    public EvidenceEntries(ArchiveStore store, Clock clock, PostEnriched post) {
        this.store = store;
        this.clock = clock;
        this.postId = post.postId();
        this.postVersion = post.post().version();
        this.collectionIds = List.copyOf(post.post().collectionIds());
    }

    /**
     * An object this attempt wrote. When a conditional write found another object there instead ({@code created} false),
     * the entry states that object, re-hashed from the archive: the bytes this attempt offered are not what is stored.
     */
    public void written(String kind, ArchiveStore.Written written, String sha256, long size, String captureId)
            throws StorageException {
        if (!written.created()) {
            foundUnhashed(kind, written.key(), captureId);
            return;
        }
        add(kind, written.key(), sha256, size, captureId, written.versionId());
    }

    /** Bytes this attempt wrote with {@code written}. */
    public void written(String kind, ArchiveStore.Written written, byte[] bytes, String captureId) throws StorageException {
        written(kind, written, Hashes.sha256Hex(bytes), bytes.length, captureId);
    }

    /** An object already stored, whose hash and size the caller knows (it read the bytes, or a write-once record says). */
    public void found(String kind, String key, String sha256, long size, String captureId) throws StorageException {
        add(kind, key, sha256, size, captureId, store.versionId(key).orElse(null));
    }

    /** An object already stored whose S3 HEAD the caller already has: no second request. */
    public void found(String kind, ArchiveStore.ObjectStat stat, String sha256, String captureId) {
        add(kind, stat.key(), sha256, stat.size(), captureId, stat.versionId());
    }

    /**
     * An object already stored whose hash nobody recorded (a media capture's WARC): streamed from S3 and hashed. Not
     * there (never written, or removed): no entry, as nothing is vouched for; verify reports the object missing.
     */
    public void foundUnhashed(String kind, String key, String captureId) throws StorageException {
        Optional<ArchiveStore.ObjectStat> found = store.stat(key);
        if (found.isEmpty()) {
            return;
        }
        ArchiveStore.ObjectStat stat = found.get();
        try (InputStream in = store.open(key).orElseThrow(() -> new StorageException(key + " vanished while being read", null))) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                size += n;
            }
            add(kind, key, HexFormat.of().formatHex(sha256.digest()), size, captureId, stat.versionId());
        } catch (IOException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The post's raw item: a range of its fetch WARC record's payload, made durable by the collector and vouched for by
     * the post provenance record {@code provenanceId} (its capture). Stated with no version id: the storer wrote no
     * version of the fetch WARC, whose own entry (the collector's) records it.
     */
    public void rawItem(SourceEvidence source, String provenanceId) {
        entries.add(new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.RAW_ITEM, source.warcKey(), source.itemSha256(),
                source.itemLength(), provenanceId, postId, postVersion, collectionIds, clock.instant(), null,
                new LedgerEntry.Within(source.warcRecordId(), source.itemOffset(), source.itemLength())));
    }

    /** Entries made by another part of this post's archiving (each media item's), kept in order. */
    public void addAll(List<LedgerEntry> more) {
        entries.addAll(more);
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    private void add(String kind, String key, String sha256, long size, String captureId, String versionId) {
        entries.add(LedgerEntry.of(kind, key, sha256, size, captureId, postId, postVersion, collectionIds, clock.instant(), versionId));
    }
}
