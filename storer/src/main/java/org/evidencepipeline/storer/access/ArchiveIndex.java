package org.evidencepipeline.storer.access;

import org.evidencepipeline.contracts.Hashes;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Lookup structures kept in the archive bucket itself, so every storer instance and any later reader
 * sees the same index without a database:
 * <ul>
 * <li>{@code index/posts/<sha256(post id)>/v<version>.json}: the archive record of each post version, written once:
 *     the first copy to arrive stays;</li>
 * <li>{@code index/conflicts/<sha256(post id)>/v<version>/<post sha256>.json}: the archive record of a later copy of
 *     that post version with other content (another post object), kept beside the first, never over it;</li>
 * <li>{@code index/collections/<collection>/<sha256(post id)>}: which posts a collection caught (body: post id);</li>
 * <li>{@code index/sha256/<content hash>/<capture id>}: which captures produced a content hash (body: provenance key).</li>
 * <li>{@code index/post-provenance/<sha256(post id)>/<provenance id>}: the post provenance records of a post, one per
 *     version and raw item (body: record key);</li>
 * <li>{@code index/post-sha256/<hash>/<provenance id>}: which post provenance records name a hash, as the raw item, the
 *     fetch body holding it, or the normalised post object (body: record key).</li>
 * <li>{@code index/post-pages/<sha256(post id)>/v<version>/<capture id>}: the page captures of a post (body: page
 *     provenance key), and {@code index/sha256/<artifact hash>/<capture id>} for each of their artifacts; both written
 *     by the capturer, read here.</li>
 * <li>{@code index/post-videos/<sha256(post id)>/v<version>/<capture id>}: the video captures of a post (body: video
 *     provenance key), and {@code index/sha256/<part hash>/<capture id>} for each part and the muxed file; both written
 *     by the capturer, read here.</li>
 * </ul>
 * Written after the objects they point to are durable; rewriting them on a replay changes nothing.
 */
public final class ArchiveIndex {
    private static final Logger LOG = Logger.getLogger(ArchiveIndex.class);
    private final ArchiveStore store;
    private final MinioClient client;
    private final EventCodec codec = new EventCodec();

    public ArchiveIndex(ArchiveStore store, MinioClient client) {
        this.store = store;
        this.client = client;
    }

    public static String postHash(String postId) {
        return Hashes.sha256Hex(postId);
    }

    /** What recording a post version's archive record did to its index entry. */
    public enum Entry {
        /** The first copy: it is the index entry now. */
        FIRST,
        /** The same post object again (a replay): the first entry stands. */
        REPLAY,
        /** Other content for the same post id and version: kept under {@code index/conflicts/}, the first entry stands. */
        CONFLICT
    }

    public static String conflictKey(String postId, int version, String postSha256) {
        return "index/conflicts/" + postHash(postId) + "/v" + version + "/" + postSha256 + ".json";
    }

    public Entry record(PostArchived archived) throws StorageException {
        String post = postHash(archived.postId());
        Entry entry = recordVersion(post, archived);
        for (String collection : archived.collectionIds()) {
            store.putBytes("index/collections/" + collection + "/" + post, archived.postId().getBytes(StandardCharsets.UTF_8), "text/plain");
        }
        for (CaptureOutcome c : archived.captures()) {
            if (c instanceof CaptureOutcome.Stored s) {
                store.putBytes("index/sha256/" + s.sha256() + "/" + s.captureId(), s.provenanceKey().getBytes(StandardCharsets.UTF_8), "text/plain");
            } else if (c instanceof CaptureOutcome.Duplicate d) {
                store.putBytes("index/sha256/" + d.sha256() + "/" + d.captureId(), d.provenanceKey().getBytes(StandardCharsets.UTF_8), "text/plain");
            }
        }
        PostProvenance p = archived.postProvenance();
        if (p != null) {
            byte[] key = ArchiveStore.postProvenanceKey(p.provenanceId()).getBytes(StandardCharsets.UTF_8);
            store.putBytes("index/post-provenance/" + post + "/" + p.provenanceId(), key, "text/plain");
            // One entry per distinct hash: a post alone in its fetch body has the same item and body hash.
            for (String hash : new LinkedHashSet<>(List.of(p.source().itemSha256(), p.source().bodySha256(), p.normalisedPostSha256()))) {
                store.putBytes("index/post-sha256/" + hash + "/" + p.provenanceId(), key, "text/plain");
            }
        }
        return entry;
    }

    /**
     * The version's entry is written with an S3 conditional write, so two storers (or two copies of a post) racing
     * for it cannot both win; the loser compares post objects: the same one is a replay, another is a conflict.
     */
    private Entry recordVersion(String post, PostArchived archived) throws StorageException {
        byte[] bytes = codec.write(archived);
        String key = "index/posts/" + post + "/v" + archived.postVersion() + ".json";
        if (store.putBytesIfAbsent(key, bytes, "application/json")) {
            return Entry.FIRST;
        }
        Optional<PostArchived> first = store.get(key).flatMap(this::readQuietly);
        if (first.isPresent() && first.get().postSha256().equals(archived.postSha256())) {
            return Entry.REPLAY;
        }
        // Content-addressed by the post object: one conflict record per distinct conflicting copy, written once too.
        store.putBytesIfAbsent(conflictKey(archived.postId(), archived.postVersion(), archived.postSha256()), bytes, "application/json");
        LOG.warnf("post %s version %d arrived again with other content (post object %s); the first index entry (%s) is kept, "
                        + "the second recorded under index/conflicts/", archived.postId(), archived.postVersion(), archived.postObjectKey(),
                first.map(PostArchived::postObjectKey).orElse("unreadable"));
        return Entry.CONFLICT;
    }

    private Optional<PostArchived> readQuietly(byte[] bytes) {
        try {
            return Optional.of(codec.read(bytes, PostArchived.class));
        } catch (EventCodec.InvalidEventException unreadable) {
            return Optional.empty(); // not an entry this storer wrote: the new copy is a conflict, the object stays
        }
    }

    /** Archive records of later copies of a post's versions that conflicted with the first, by version. */
    public List<PostArchived> conflicts(String postId) throws StorageException {
        List<PostArchived> out = new ArrayList<>();
        for (String key : list("index/conflicts/" + postHash(postId) + "/")) {
            store.get(key).flatMap(this::readQuietly).ifPresent(out::add);
        }
        out.sort((a, b) -> Integer.compare(a.postVersion(), b.postVersion()));
        return out;
    }

    /** Archive records of every version of a post, oldest first. */
    public List<PostArchived> post(String postId) throws StorageException {
        List<PostArchived> out = new ArrayList<>();
        for (String key : list("index/posts/" + postHash(postId) + "/")) {
            store.get(key).ifPresent(bytes -> out.add(codec.read(bytes, PostArchived.class)));
        }
        out.sort((a, b) -> Integer.compare(a.postVersion(), b.postVersion()));
        return out;
    }

    /** Post ids a collection caught. */
    public List<String> collection(String collectionId) throws StorageException {
        List<String> out = new ArrayList<>();
        for (String key : list("index/collections/" + collectionId + "/")) {
            store.get(key).ifPresent(bytes -> out.add(new String(bytes, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Provenance keys of every capture that produced this content hash. */
    public List<String> captures(String sha256) throws StorageException {
        List<String> out = new ArrayList<>();
        for (String key : list("index/sha256/" + sha256 + "/")) {
            store.get(key).ifPresent(bytes -> out.add(new String(bytes, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Keys of the post provenance records of every version of a post. */
    public List<String> postProvenance(String postId) throws StorageException {
        return bodies("index/post-provenance/" + postHash(postId) + "/");
    }

    /** Keys of the page provenance records of a post's page captures, every version ({@code provenance/pages/…}). */
    public List<String> pages(String postId) throws StorageException {
        return bodies(ArchiveStore.postPagesIndexPrefix(postId));
    }

    /** Keys of the video provenance records of a post's video captures, every version ({@code provenance/videos/…}). */
    public List<String> videos(String postId) throws StorageException {
        return bodies(ArchiveStore.postVideosIndexPrefix(postId));
    }

    /** Keys of the post provenance records naming this hash (raw item, fetch body or normalised post). */
    public List<String> postProvenanceByHash(String sha256) throws StorageException {
        return bodies("index/post-sha256/" + sha256 + "/");
    }

    private List<String> bodies(String prefix) throws StorageException {
        List<String> out = new ArrayList<>();
        for (String key : list(prefix)) {
            store.get(key).ifPresent(bytes -> out.add(new String(bytes, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private List<String> list(String prefix) throws StorageException {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(store.bucket()).prefix(prefix).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
        } catch (Exception e) {
            throw new StorageException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return keys;
    }
}
