package org.evidencepipeline.storer.verify;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
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

/**
 * Re-reads stored objects, re-hashes them as they stream, and compares with their provenance records.
 * Works on one capture, one post (every version) or a whole collection.
 */
public final class Verifier {
    private final ArchiveStore store;
    private final ArchiveIndex index;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    public Verifier(ArchiveStore store, ArchiveIndex index, Clock clock) {
        this.store = store;
        this.index = index;
        this.clock = clock;
    }

    public VerifyReport capture(String captureId) throws StorageException {
        return VerifyReport.of("capture " + captureId, clock.instant(), List.of(verify(captureId, null)));
    }

    public VerifyReport post(String postId) throws StorageException {
        return VerifyReport.of("post " + postId, clock.instant(), verifyPosts(List.of(postId)));
    }

    public VerifyReport collection(String collectionId) throws StorageException {
        return VerifyReport.of("collection " + collectionId, clock.instant(), verifyPosts(index.collection(collectionId)));
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
        }
        return items;
    }

    private VerifyReport.Item verify(String captureId, String postId) throws StorageException {
        Optional<byte[]> provenanceBytes = store.get(ArchiveStore.provenanceKey(captureId));
        if (provenanceBytes.isEmpty()) {
            return new VerifyReport.Item(captureId, postId, null, VerifyStatus.MISSING, null, null,
                    "no provenance record " + ArchiveStore.provenanceKey(captureId));
        }
        ProvenanceRecord p = codec.read(provenanceBytes.get(), ProvenanceRecord.class);
        Optional<InputStream> object = store.open(p.objectKey());
        if (object.isEmpty()) {
            return new VerifyReport.Item(captureId, p.postId(), p.objectKey(), VerifyStatus.MISSING, p.sha256(), null,
                    "object " + p.objectKey() + " is not in the archive");
        }
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
        Optional<byte[]> token = store.get(ArchiveStore.timestampKey(captureId));
        String stamp = "not time-stamped";
        if (token.isPresent()) {
            TimestampCheck.Result check = TimestampCheck.check(token.get(), provenanceBytes.get());
            if (!check.valid()) {
                differences.add(check.detail());
            }
            stamp = check.detail();
        }
        if (differences.isEmpty()) {
            return new VerifyReport.Item(captureId, p.postId(), p.objectKey(), VerifyStatus.OK, p.sha256(), actual256,
                    size + " bytes match the provenance record; " + stamp);
        }
        return new VerifyReport.Item(captureId, p.postId(), p.objectKey(), VerifyStatus.MISMATCH, p.sha256(), actual256,
                String.join("; ", differences));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
