package org.evidencepipeline.storer.verify;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.storer.timestamp.TimestampCheck;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-reads stored objects, re-hashes them as they stream, and compares with their provenance records: each media
 * capture, each post version with a post provenance record (its raw item in the fetch WARC and its normalised
 * post, {@link PostVerifier}), each page capture ({@link PageVerifier}) and each video capture ({@link VideoVerifier}).
 * Works on one capture, one post (every version, with its page and video captures), a whole collection, a hash, or
 * every provenance record in the archive.
 */
public final class Verifier {
    private final ArchiveStore store;
    private final ArchiveIndex index;
    private final Clock clock;
    private final PostVerifier posts;
    private final PageVerifier pages;
    private final VideoVerifier videos;
    private final LedgerCheck ledger;
    private final EventCodec codec = new EventCodec();

    /** Without ledger trust: no checkpoint can be checked, so nothing verifies OK (at best NOT_CHECKPOINTED). */
    public Verifier(ArchiveStore store, ArchiveIndex index, Clock clock) {
        this(store, index, clock, LedgerTrust.none());
    }

    public Verifier(ArchiveStore store, ArchiveIndex index, Clock clock, LedgerTrust trust) {
        this.store = store;
        this.index = index;
        this.clock = clock;
        this.ledger = new LedgerCheck(store, trust);
        this.posts = new PostVerifier(store, ledger);
        this.pages = new PageVerifier(store, ledger);
        this.videos = new VideoVerifier(store, ledger);
    }

    /**
     * A media capture; or a page capture, or else a video capture, when the id has that provenance record and no media
     * one.
     */
    public VerifyReport capture(String captureId) throws StorageException {
        try (LedgerCheck.Scope report = ledger.report()) {
            String pageKey = ArchiveStore.pageProvenanceKey(captureId);
            String videoKey = ArchiveStore.videoProvenanceKey(captureId);
            VerifyReport.Item item;
            if (store.exists(ArchiveStore.provenanceKey(captureId))) {
                item = verify(captureId, null);
            } else if (store.exists(pageKey)) {
                item = pages.verify(pageKey, null);
            } else if (store.exists(videoKey)) {
                item = videos.verify(videoKey, null);
            } else {
                item = verify(captureId, null); // MISSING, named as a media capture as before
            }
            return VerifyReport.of("capture " + captureId, clock.instant(), List.of(item));
        }
    }

    /**
     * Every provenance record the archive holds, listed under {@code provenance/}: media ({@code provenance/<id>.json}),
     * post ({@code provenance/posts/}), page ({@code provenance/pages/}) and video ({@code provenance/videos/}) records,
     * whatever the indexes say.
     */
    public VerifyReport archive() throws StorageException {
        try (LedgerCheck.Scope report = ledger.report()) {
            List<VerifyReport.Item> items = new ArrayList<>();
            for (String key : store.keys("provenance/")) {
                if (!key.endsWith(".json")) {
                    continue; // time-stamp tokens, checked with their record
                }
                String rest = key.substring("provenance/".length());
                if (PageVerifier.isPageKey(key)) {
                    items.add(pages.verify(key, null));
                } else if (VideoVerifier.isVideoKey(key)) {
                    items.add(videos.verify(key, null));
                } else if (key.startsWith("provenance/posts/")) {
                    items.add(posts.verify(key, null));
                } else if (!rest.contains("/")) {
                    items.add(verify(rest.substring(0, rest.length() - ".json".length()), null));
                }
            }
            return VerifyReport.of("archive", clock.instant(), items);
        }
    }

    public VerifyReport post(String postId) throws StorageException {
        try (LedgerCheck.Scope report = ledger.report()) {
            return VerifyReport.of("post " + postId, clock.instant(), verifyPosts(List.of(postId)));
        }
    }

    public VerifyReport collection(String collectionId) throws StorageException {
        try (LedgerCheck.Scope report = ledger.report()) {
            return VerifyReport.of("collection " + collectionId, clock.instant(), verifyPosts(index.collection(collectionId)));
        }
    }

    /**
     * Everything the archive holds under a SHA-256: the media captures of that content, the page captures with an
     * artifact of that content, the video captures with a part or muxed file of that content, and the post versions
     * whose raw item, fetch body or normalised post has that hash.
     */
    public VerifyReport hash(String sha256) throws StorageException {
        try (LedgerCheck.Scope report = ledger.report()) {
            List<VerifyReport.Item> items = new ArrayList<>();
            Set<String> captureIds = new LinkedHashSet<>();
            Set<String> pageKeys = new LinkedHashSet<>();
            Set<String> videoKeys = new LinkedHashSet<>();
            for (String provenanceKey : index.captures(sha256)) {
                if (PageVerifier.isPageKey(provenanceKey)) {
                    pageKeys.add(provenanceKey);
                } else if (VideoVerifier.isVideoKey(provenanceKey)) {
                    videoKeys.add(provenanceKey);
                } else {
                    captureIds.add(provenanceKey.substring(provenanceKey.lastIndexOf('/') + 1).replace(".json", ""));
                }
            }
            for (String captureId : captureIds) {
                items.add(verify(captureId, null));
            }
            for (String key : pageKeys) {
                items.add(pages.verify(key, null));
            }
            for (String key : videoKeys) {
                items.add(videos.verify(key, null));
            }
            for (String key : new LinkedHashSet<>(index.postProvenanceByHash(sha256))) {
                items.add(posts.verify(key, null));
            }
            return VerifyReport.of("sha256 " + sha256, clock.instant(), items);
        }
    }

    private List<VerifyReport.Item> verifyPosts(List<String> postIds) throws StorageException {
        List<VerifyReport.Item> items = new ArrayList<>();
        for (String postId : postIds) {
            Set<String> captureIds = new LinkedHashSet<>();
            for (PostArchived record : index.post(postId)) {
                for (CaptureOutcome c : record.captures()) {
                    if (c instanceof CaptureOutcome.Stored s) {
                        captureIds.add(s.captureId());
                    } else if (c instanceof CaptureOutcome.Duplicate d) {
                        captureIds.add(d.captureId());
                    }
                }
            }
            for (String captureId : captureIds) {
                items.add(verify(captureId, postId));
            }
            for (String key : postProvenanceKeys(postId)) {
                items.add(posts.verify(key, postId));
            }
            // Page captures join the post by id and version through their own index (the capturer writes it).
            for (String key : new TreeSet<>(index.pages(postId))) {
                items.add(pages.verify(key, postId));
            }
            // Video captures likewise (index/post-videos/, written by the capturer).
            for (String key : new TreeSet<>(index.videos(postId))) {
                items.add(videos.verify(key, postId));
            }
        }
        return items;
    }

    /**
     * The post provenance records of a post: those its index names, and those its archive records name (so a record
     * that vanished while an archive record still claims it is reported MISSING, not skipped).
     */
    private Set<String> postProvenanceKeys(String postId) throws StorageException {
        Set<String> keys = new TreeSet<>(index.postProvenance(postId));
        List<PostArchived> records = new ArrayList<>(index.post(postId));
        records.addAll(index.conflicts(postId));
        for (PostArchived record : records) {
            if (record.postProvenance() != null) {
                keys.add(ArchiveStore.postProvenanceKey(record.postProvenance().provenanceId()));
            }
        }
        return keys;
    }

    private VerifyReport.Item verify(String captureId, String postId) throws StorageException {
        Optional<byte[]> provenanceBytes = store.get(ArchiveStore.provenanceKey(captureId));
        if (provenanceBytes.isEmpty()) {
            return VerifyReport.Item.media(captureId, postId, null, VerifyStatus.MISSING, null, null,
                    "no provenance record " + ArchiveStore.provenanceKey(captureId));
        }
        ProvenanceRecord p = codec.read(provenanceBytes.get(), ProvenanceRecord.class);
        List<EvidenceObject> objects = new ArrayList<>();
        objects.add(EvidenceObject.of(LedgerEntry.MEDIA_PROVENANCE, ArchiveStore.provenanceKey(captureId),
                Hashes.sha256Hex(provenanceBytes.get()), provenanceBytes.get().length, captureId));
        EvidenceObject media = EvidenceObject.of(LedgerEntry.MEDIA, p.objectKey(), p.sha256(), p.size(), captureId);
        Optional<InputStream> object = store.open(p.objectKey());
        if (object.isEmpty()) {
            objects.add(media.absent());
            return VerifyReport.Item.media(captureId, p.postId(), p.objectKey(), VerifyStatus.MISSING, p.sha256(), null,
                    "object " + p.objectKey() + " is not in the archive").withLedger(ledger.check(objects));
        }
        objects.add(media);
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha512 = digest("SHA-512");
        long size = 0;
        try (InputStream in = object.get()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + p.objectKey() + ": " + e.getMessage(), e);
        }
        String actual256 = HexFormat.of().formatHex(sha256.digest());
        String actual512 = HexFormat.of().formatHex(sha512.digest());
        List<String> differences = new ArrayList<>();
        if (!actual256.equals(p.sha256())) {
            differences.add("SHA-256 differs");
        }
        if (!actual512.equals(p.sha512())) {
            differences.add("SHA-512 differs");
        }
        if (size != p.size()) {
            differences.add("size " + size + " instead of " + p.size());
        }
        String stamp = recordToken(ArchiveStore.timestampKey(captureId), provenanceBytes.get(), captureId, differences, objects);
        VerifyReport.Item item = differences.isEmpty()
                ? VerifyReport.Item.media(captureId, p.postId(), p.objectKey(), VerifyStatus.OK, p.sha256(), actual256,
                size + " bytes match the provenance record; " + stamp)
                : VerifyReport.Item.media(captureId, p.postId(), p.objectKey(), VerifyStatus.MISMATCH, p.sha256(), actual256,
                String.join("; ", differences));
        return item.withLedger(ledger.check(objects));
    }

    /**
     * Checks a provenance record's optional per-record token (the checkpoint's counts now) and adds it to the objects
     * the ledger must hold; a token that does not hold is a failure like before.
     *
     * @return what to say about it when everything holds
     */
    static String recordToken(ArchiveStore store, LedgerCheck ledger, String tokenKey, byte[] record, String captureId,
                              java.util.function.Consumer<String> failure, List<EvidenceObject> objects) throws StorageException {
        Optional<byte[]> token = store.get(tokenKey);
        if (token.isEmpty()) {
            return "no per-record time-stamp (optional: the ledger checkpoint's token is the one that counts)";
        }
        objects.add(EvidenceObject.of(LedgerEntry.TIMESTAMP, tokenKey, Hashes.sha256Hex(token.get()), token.get().length, captureId));
        TimestampCheck.Result check = ledger.recordToken(token.get(), record);
        if (!check.valid()) {
            failure.accept(check.detail());
        }
        return check.detail();
    }

    private String recordToken(String tokenKey, byte[] record, String captureId, List<String> differences,
                               List<EvidenceObject> objects) throws StorageException {
        return recordToken(store, ledger, tokenKey, record, captureId, differences::add, objects);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
