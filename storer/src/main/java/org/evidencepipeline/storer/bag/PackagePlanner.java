package org.evidencepipeline.storer.bag;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.bag.BagIndex;
import org.evidencepipeline.ledger.bag.BagLayout;
import org.evidencepipeline.ledger.bag.ProofFiles;
import org.evidencepipeline.ledger.index.LeafRef;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.LedgerReader;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds every object of some posts and its ledger material. Objects come from the archive index (each version's post
 * object, media and their provenance, post provenance and the fetch WARC holding the raw item, page and video captures
 * with their artifacts and parts, and every {@code .tsr}) and from the ledger's entries of those posts (so an object the
 * ledger holds but the index lost is still exported); each object's entries come from {@link LedgerIndex#byKey}, each
 * entry's inclusion proof is to the smallest stored checkpoint covering it, and each checkpoint used gets a consistency
 * proof to the newest one used of its shard.
 */
public final class PackagePlanner {
    private final ArchiveStore store;
    private final org.evidencepipeline.storer.access.ArchiveIndex archive;
    private final LedgerIndex ledgerIndex;
    private final LedgerReader ledger;
    private final EventCodec codec = new EventCodec();

    public PackagePlanner(ArchiveStore store, org.evidencepipeline.storer.access.ArchiveIndex archive, LedgerIndex ledgerIndex,
                          LedgerReader ledger) {
        this.store = store;
        this.archive = archive;
        this.ledgerIndex = ledgerIndex;
        this.ledger = ledger;
    }

    /** An object being gathered. */
    private static final class Found {
        final String key;
        String kind;
        String sha256;
        long size = -1;
        final List<BagIndex.EntryRef> entries = new ArrayList<>();

        Found(String key, String kind) {
            this.key = key;
            this.kind = kind;
        }
    }

    public PackagePlan plan(String scope, List<String> postIds) throws StorageException {
        Set<String> posts = new HashSet<>(postIds);
        Map<String, Found> objects = new LinkedHashMap<>();
        for (String postId : postIds) {
            fromArchiveIndex(postId, objects);
            for (LeafRef ref : ledgerIndex.byPost(postId)) {
                LedgerEntry e = LedgerEntryCodec.parse(ledger.entryBytes(ref.shard(), ref.index()));
                objects.computeIfAbsent(e.key(), k -> new Found(k, LedgerEntry.RAW_ITEM.equals(e.kind()) ? LedgerEntry.FETCH_WARC : e.kind()));
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, StoredCheckpoint> used = new TreeMap<>();
        for (Found o : objects.values()) {
            Set<LeafRef> seen = new HashSet<>();
            for (LeafRef ref : ledgerIndex.byKey(o.key)) {
                if (seen.add(ref)) {
                    entry(o, ref, posts, files, used);
                }
            }
        }
        List<BagIndex.Checkpoint> checkpoints = new ArrayList<>();
        Map<String, StoredCheckpoint> newest = new TreeMap<>();
        for (StoredCheckpoint c : used.values()) {
            String note = BagLayout.checkpointNote(c.shard(), c.size());
            files.put(note, c.note());
            String token = null;
            if (c.token() != null) {
                token = BagLayout.checkpointToken(c.shard(), c.size());
                files.put(token, c.token());
            }
            checkpoints.add(new BagIndex.Checkpoint(c.shard(), c.size(), note, token));
            newest.merge(c.shard(), c, (a, b) -> a.size() >= b.size() ? a : b);
        }
        List<BagIndex.Consistency> consistency = new ArrayList<>();
        for (StoredCheckpoint c : used.values()) {
            StoredCheckpoint last = newest.get(c.shard());
            if (c.size() < last.size()) {
                String path = BagLayout.consistency(c.shard(), c.size(), last.size());
                files.put(path, ProofFiles.write(ledger.consistency(c.shard(), c.size(), last.size())));
                consistency.add(new BagIndex.Consistency(c.shard(), c.size(), last.size(), path));
            }
        }
        List<PackagePlan.PlannedObject> planned = new ArrayList<>();
        long known = 0;
        for (Found o : objects.values()) {
            planned.add(new PackagePlan.PlannedObject(o.key, o.kind, o.sha256, o.size, o.entries));
            known += Math.max(0, o.size);
        }
        return new PackagePlan(scope, postIds, planned, files, checkpoints, consistency, known);
    }

    private void entry(Found o, LeafRef ref, Set<String> posts, Map<String, byte[]> files, Map<String, StoredCheckpoint> used)
            throws StorageException {
        byte[] bytes = ledger.entryBytes(ref.shard(), ref.index());
        LedgerEntry e = LedgerEntryCodec.parse(bytes);
        // A fetch WARC holds raw items of other posts too: their entries belong to their posts' packages.
        if (!e.key().equals(o.key) || e.postId() != null && !posts.contains(e.postId())) {
            return;
        }
        if (e.within() == null) {
            o.sha256 = e.sha256();
            o.size = e.size();
            o.kind = e.kind();
        }
        String entryPath = BagLayout.entry(ref.shard(), ref.index());
        files.put(entryPath, bytes);
        Optional<StoredCheckpoint> covering = ledger.checkpointCovering(ref.shard(), ref.index());
        String proofPath = null;
        String note = null;
        if (covering.isPresent()) {
            StoredCheckpoint c = covering.get();
            proofPath = BagLayout.proof(ref.shard(), ref.index());
            files.put(proofPath, ProofFiles.write(ledger.inclusion(ref.shard(), ref.index(), c.size())));
            note = BagLayout.checkpointNote(c.shard(), c.size());
            used.put(note, c);
        }
        o.entries.add(new BagIndex.EntryRef(e.kind(), ref.shard(), ref.index(), entryPath, proofPath, note));
    }

    private void fromArchiveIndex(String postId, Map<String, Found> objects) throws StorageException {
        for (PostArchived a : archive.post(postId)) {
            add(objects, a.postObjectKey(), LedgerEntry.POST, a.postSha256(), -1);
            for (CaptureOutcome c : a.captures()) {
                if (c instanceof CaptureOutcome.Stored s) {
                    media(objects, s.objectKey(), s.sha256(), s.size(), s.provenanceKey(), s.captureId());
                } else if (c instanceof CaptureOutcome.Duplicate d) {
                    media(objects, d.objectKey(), d.sha256(), d.size(), d.provenanceKey(), d.captureId());
                }
            }
            PostProvenance p = a.postProvenance();
            if (p != null) {
                add(objects, ArchiveStore.postProvenanceKey(p.provenanceId()), LedgerEntry.POST_PROVENANCE, null, -1);
                stamp(objects, ArchiveStore.postTimestampKey(p.provenanceId()));
                add(objects, p.source().warcKey(), LedgerEntry.FETCH_WARC, null, -1);
            }
        }
        for (String key : archive.pages(postId)) {
            add(objects, key, LedgerEntry.PAGE_PROVENANCE, null, -1);
            Optional<byte[]> record = store.get(key);
            if (record.isPresent()) {
                PageProvenance page = codec.read(record.get(), PageProvenance.class);
                for (PageArtifact art : page.artifacts()) {
                    add(objects, art.objectKey(), LedgerEntry.PAGE_ARTIFACT, art.sha256(), art.size());
                }
                stamp(objects, ArchiveStore.pageTimestampKey(page.captureId()));
            }
        }
        for (String key : archive.videos(postId)) {
            add(objects, key, LedgerEntry.VIDEO_PROVENANCE, null, -1);
            Optional<byte[]> record = store.get(key);
            if (record.isPresent()) {
                VideoProvenance video = codec.read(record.get(), VideoProvenance.class);
                for (VideoPart part : video.parts()) {
                    if (part.objectKey() != null) {
                        add(objects, part.objectKey(), LedgerEntry.VIDEO_PART, part.sha256(), part.size());
                    }
                }
                stamp(objects, ArchiveStore.videoTimestampKey(video.captureId()));
            }
        }
    }

    private void media(Map<String, Found> objects, String key, String sha256, long size, String provenanceKey, String captureId)
            throws StorageException {
        add(objects, key, LedgerEntry.MEDIA, sha256, size);
        if (provenanceKey != null) {
            add(objects, provenanceKey, LedgerEntry.MEDIA_PROVENANCE, null, -1);
        }
        stamp(objects, ArchiveStore.timestampKey(captureId));
    }

    /** A provenance record's token, when it was time-stamped (per-record tokens are optional). */
    private void stamp(Map<String, Found> objects, String key) throws StorageException {
        if (!objects.containsKey(key) && store.exists(key)) {
            add(objects, key, LedgerEntry.TIMESTAMP, null, -1);
        }
    }

    private static void add(Map<String, Found> objects, String key, String kind, String sha256, long size) {
        if (key == null) {
            return;
        }
        Found o = objects.computeIfAbsent(key, k -> new Found(k, kind));
        if (o.sha256 == null && sha256 != null) {
            o.sha256 = sha256;
            o.size = size;
        }
    }
}
