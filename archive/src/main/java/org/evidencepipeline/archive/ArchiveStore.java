package org.evidencepipeline.archive;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The archive bucket through the MinIO SDK. Content objects are addressed by SHA-256, so writing the same
 * bytes twice is one object, and a replay after a crash finds what the first attempt stored.
 */
public final class ArchiveStore {
    private final MinioClient client;
    private final String bucket;
    private final Optional<Duration> retention;
    private final RetentionMode retentionMode;
    private volatile boolean retentionActive;

    public ArchiveStore(MinioClient client, String bucket) {
        this(client, bucket, Optional.empty(), RetentionMode.COMPLIANCE);
    }

    /**
     * @param retention how long evidence objects (content, provenance, WARC, time-stamps) are locked against
     *                  deletion and overwrite with S3 Object Lock, when the bucket has Object Lock enabled
     */
    public ArchiveStore(MinioClient client, String bucket, Optional<Duration> retention, RetentionMode retentionMode) {
        this.client = client;
        this.bucket = bucket;
        this.retention = retention;
        this.retentionMode = retentionMode;
    }

    /** Whether evidence objects are being written with an Object Lock retention period. */
    public boolean retentionActive() {
        return retentionActive;
    }

    public String bucket() {
        return bucket;
    }

    /** Content key for a SHA-256: {@code sha256/ab/cd/abcd…}, spread over 65,536 prefixes. */
    public static String contentKey(String sha256) {
        return "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    /**
     * A fetch the collector preserved (request, response and metadata records, or a Jetstream window's frames), named
     * by its content id: {@code fetches/ab/<fetchId>.warc.gz}.
     */
    public static String fetchWarcKey(String fetchId) {
        return "fetches/" + fetchId.substring(0, 2) + "/" + fetchId + ".warc.gz";
    }

    /** A post version's provenance record ({@code kind: post}). */
    public static String postProvenanceKey(String provenanceId) {
        return "provenance/posts/" + provenanceId + ".json";
    }

    /** RFC 3161 time-stamp token over a post provenance record's SHA-256, when a TSA is configured. */
    public static String postTimestampKey(String provenanceId) {
        return "provenance/posts/" + provenanceId + ".tsr";
    }

    /**
     * A page capture's provenance record ({@code kind: page}); its artifacts (HTML source, rendered DOM, screenshots,
     * WARC) are content objects under {@link #contentKey}.
     */
    public static String pageProvenanceKey(String captureId) {
        return "provenance/pages/" + captureId + ".json";
    }

    /** RFC 3161 time-stamp token over a page provenance record's SHA-256, when a TSA is configured. */
    public static String pageTimestampKey(String captureId) {
        return "provenance/pages/" + captureId + ".tsr";
    }

    /**
     * Which page captures a post has: {@code index/post-pages/<sha256(post id)>/v<version>/<capture id>} (body: the page
     * provenance key), so the page's record joins the post's evidence by post id and version.
     */
    public static String postPagesIndexKey(String postId, int postVersion, String captureId) {
        return postPagesIndexPrefix(postId) + "v" + postVersion + "/" + captureId;
    }

    /** The prefix of {@link #postPagesIndexKey} for every version of a post. */
    public static String postPagesIndexPrefix(String postId) {
        return "index/post-pages/" + sha256Hex(postId) + "/";
    }

    /**
     * A video capture's provenance record ({@code kind: video}); its parts (playlists, segments, keys, init parts) and
     * the muxed MP4 are content objects under {@link #contentKey}.
     */
    public static String videoProvenanceKey(String captureId) {
        return "provenance/videos/" + captureId + ".json";
    }

    /** RFC 3161 time-stamp token over a video provenance record's SHA-256, when a TSA is configured. */
    public static String videoTimestampKey(String captureId) {
        return "provenance/videos/" + captureId + ".tsr";
    }

    /**
     * Which video captures a post has: {@code index/post-videos/<sha256(post id)>/v<version>/<capture id>} (body: the
     * video provenance key).
     */
    public static String postVideosIndexKey(String postId, int postVersion, String captureId) {
        return postVideosIndexPrefix(postId) + "v" + postVersion + "/" + captureId;
    }

    /** The prefix of {@link #postVideosIndexKey} for every version of a post. */
    public static String postVideosIndexPrefix(String postId) {
        return "index/post-videos/" + sha256Hex(postId) + "/";
    }

    /**
     * Which captures produced a content hash: {@code index/sha256/<hash>/<capture id>} (body: the provenance key of the
     * media, page or video capture), so {@code /verify/sha256} finds any artifact.
     */
    public static String contentIndexKey(String sha256, String captureId) {
        return "index/sha256/" + sha256 + "/" + captureId;
    }

    /** The same hash of a post id as the storer's post indexes ({@code ArchiveIndex.postHash}). */
    private static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String provenanceKey(String captureId) {
        return "provenance/" + captureId + ".json";
    }

    /** RFC 3161 time-stamp token over the provenance record's SHA-256, when a TSA is configured. */
    public static String timestampKey(String captureId) {
        return "provenance/" + captureId + ".tsr";
    }

    public void ensureBucket() throws StorageException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                // With a retention configured, ask for Object Lock at creation (it cannot be switched on later);
                // a server without Object Lock gets a plain bucket, and retention stays inactive.
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(retention.isPresent()).build());
                } catch (ErrorResponseException e) {
                    if (!retention.isPresent() || !"NotImplemented".equals(e.errorResponse().code())) {
                        throw e;
                    }
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            }
            retentionActive = retention.isPresent() && objectLockEnabled();
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw new StorageException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot reach bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private boolean objectLockEnabled() {
        try {
            client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(bucket).build());
            return true;
        } catch (MinioException | RuntimeException e) {
            return false; // no Object Lock on this bucket or server: objects are written without retention
        }
    }

    private Retention retentionFromNow() {
        return new Retention(retentionMode, ZonedDateTime.now(ZoneOffset.UTC).plus(retention.orElseThrow()));
    }

    /** Writes evidence (never overwritten by design) with the Object Lock retention when active. */
    public void putEvidenceFile(String key, Path file, String contentType) throws StorageException {
        try {
            UploadObjectArgs.Builder b = UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                    .contentType(contentType == null ? "application/octet-stream" : contentType);
            if (retentionActive) {
                b.retention(retentionFromNow());
            }
            client.uploadObject(b.build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        }
    }

    /** Writes evidence bytes (provenance, time-stamps) with the Object Lock retention when active. */
    public void putEvidenceBytes(String key, byte[] bytes, String contentType) throws StorageException {
        try {
            PutObjectArgs.Builder b = PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length).contentType(contentType);
            if (retentionActive) {
                b.retention(retentionFromNow());
            }
            client.putObject(b.build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        }
    }

    /** Keys under {@code prefix}, in key order. */
    public List<String> keys(String prefix) throws StorageException {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return keys;
    }

    /**
     * The "folders" directly under {@code prefix} (a LIST with delimiter {@code /}): each common prefix, ending in
     * {@code /}, in key order. One request per 1,000 prefixes, however many objects lie below them.
     */
    public List<String> prefixes(String prefix) throws StorageException {
        List<String> out = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).delimiter("/")
                    .recursive(false).build())) {
                Item item = r.get();
                if (item.isDir()) {
                    out.add(item.objectName());
                }
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The names one level below {@code prefix} (S3 common prefixes with delimiter {@code /}, and plain objects), without
     * their trailing {@code /}, in key order: e.g. the shards under {@code ledger/} without listing every tile.
     */
    public List<String> children(String prefix) throws StorageException {
        List<String> names = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).delimiter("/").build())) {
                String name = r.get().objectName().substring(prefix.length());
                names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return names;
    }

    public boolean exists(String key) throws StorageException {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)) {
                return false;
            }
            throw new StorageException("cannot stat " + key + ": " + e.getMessage(), e);
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot stat " + key + ": " + e.getMessage(), e);
        }
    }

    public void putBytes(String key, byte[] bytes, String contentType) throws StorageException {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                    .contentType(contentType).build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code key} only if no object has that key, as one S3 conditional write ({@code If-None-Match: *}): of
     * two storers racing for a key exactly one wins, and the loser learns it. MinIO, AWS S3 and S3Proxy 4 honour it
     * (ConditionalIndexWriteTest).
     *
     * @return false when an object was already there (it is left as it was)
     */
    public boolean putBytesIfAbsent(String key, byte[] bytes, String contentType) throws StorageException {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                    .contentType(contentType).headers(java.util.Map.of("If-None-Match", "*")).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("PreconditionFailed".equals(e.errorResponse().code()) || e.response() != null && e.response().code() == 412) {
                return false;
            }
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes evidence only if no object has that key, with the Object Lock retention when active: one conditional
     * write, so a replay of the same content-addressed object is one object.
     *
     * @return false when an object was already there (it is left as it was)
     */
    public boolean putEvidenceBytesIfAbsent(String key, byte[] bytes, String contentType) throws StorageException {
        try {
            PutObjectArgs.Builder b = PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                    .contentType(contentType).headers(java.util.Map.of("If-None-Match", "*"));
            if (retentionActive) {
                b.retention(retentionFromNow());
            }
            client.putObject(b.build());
            return true;
        } catch (ErrorResponseException e) {
            if ("PreconditionFailed".equals(e.errorResponse().code()) || e.response() != null && e.response().code() == 412) {
                return false;
            }
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + ": " + e.getMessage(), e);
        }
    }

    /** The object's bytes, or empty if there is no such object. */
    public Optional<byte[]> get(String key) throws StorageException {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (MinioException | IOException | RuntimeException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Bytes {@code [offset, offset + length)} of the object (fewer when it ends sooner), as one ranged GET, or empty if
     * there is no such object; {@code offset} must be below the object's size.
     */
    public Optional<byte[]> getRange(String key, long offset, long length) throws StorageException {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (MinioException | IOException | RuntimeException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    /** Streams the object for hashing without holding it in memory; the caller closes the stream. */
    public Optional<InputStream> open(String key) throws StorageException {
        try {
            return Optional.of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }
}
