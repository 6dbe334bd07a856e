package org.evidencepipeline.storer.access;

import org.evidencepipeline.contracts.Hashes;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.storer.archive.ArchiveStore;
import org.evidencepipeline.storer.archive.StorageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lookup structures kept in the archive bucket itself, so every storer instance and any later reader
 * sees the same index without a database:
 * <ul>
 * <li>{@code index/posts/<sha256(post id)>/v<version>.json}: the archive record of each post version;</li>
 * <li>{@code index/collections/<collection>/<sha256(post id)>}: which posts a collection caught (body: post id);</li>
 * <li>{@code index/sha256/<content hash>/<capture id>}: which captures produced a content hash (body: provenance key).</li>
 * </ul>
 * Written after the objects they point to are durable; rewriting them on a replay changes nothing.
 */
public final class ArchiveIndex {
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

    public void record(PostArchived archived) throws StorageException {
        String post = postHash(archived.postId());
        store.putBytes("index/posts/" + post + "/v" + archived.postVersion() + ".json", codec.write(archived), "application/json");
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
