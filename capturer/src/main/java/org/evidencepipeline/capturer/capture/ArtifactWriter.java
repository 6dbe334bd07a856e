package org.evidencepipeline.capturer.capture;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.PageArtifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stores a page's artifacts write-once under their content key, each hashed before it is stored, and indexes each by
 * its hash ({@code index/sha256/<hash>/<capture id>}, body: the page provenance key) so any artifact leads back to its
 * capture. The same bytes captured twice (a static page, a replay) are one object.
 */
public final class ArtifactWriter {
    private final ArchiveStore store;

    public ArtifactWriter(ArchiveStore store) {
        this.store = store;
    }

    public PageArtifact bytes(String role, byte[] bytes, String contentType) throws StorageException {
        String sha = Hashes.sha256Hex(bytes);
        String key = ArchiveStore.contentKey(sha);
        store.putEvidenceBytesIfAbsent(key, bytes, contentType);
        return new PageArtifact(role, key, sha, bytes.length, contentType);
    }

    /**
     * A spooled file, re-hashed here so what is claimed is what is stored.
     *
     * @param recordedSha256 the hash the recorder computed while the bytes streamed, checked against the file
     * @throws IllegalStateException when the file no longer has the recorded hash
     */
    public PageArtifact file(String role, Path file, String recordedSha256, String contentType) throws StorageException {
        String sha;
        long size;
        try {
            sha = sha256(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read spooled " + role + " " + file + ": " + e.getMessage(), e);
        }
        if (recordedSha256 != null && !recordedSha256.equals(sha)) {
            throw new IllegalStateException(role + " changed on disk after it was recorded (" + recordedSha256 + " then " + sha + ")");
        }
        String key = ArchiveStore.contentKey(sha);
        if (!store.exists(key)) {
            store.putEvidenceFile(key, file, contentType);
        }
        return new PageArtifact(role, key, sha, size, contentType);
    }

    /** The hash index entry of an artifact, pointing at the capture's provenance. */
    public void index(PageArtifact artifact, String captureId) throws StorageException {
        store.putBytesIfAbsent(ArchiveStore.contentIndexKey(artifact.sha256(), captureId),
                ArchiveStore.pageProvenanceKey(captureId).getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** The post's page index entry, joining the capture to the post version. */
    public void indexPost(String postId, int postVersion, String captureId) throws StorageException {
        store.putBytesIfAbsent(ArchiveStore.postPagesIndexKey(postId, postVersion, captureId),
                ArchiveStore.pageProvenanceKey(captureId).getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** SHA-256 of a local file, hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
