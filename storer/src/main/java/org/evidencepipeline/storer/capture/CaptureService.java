package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.download.DownloadResult;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Captures one media item of a post: download (hashing as it streams), store content-addressed, write the
 * provenance record. The capture id is derived from the post id, version, media position and URL, so a
 * replay of the same event finds the earlier capture instead of fetching and recording it twice.
 */
public final class CaptureService {
    private static final Logger LOG = Logger.getLogger(CaptureService.class);

    private final SafeDownloader downloader;
    private final ArchiveStore store;
    private final WarcRecorder warc;
    private final ToolInfo tool;
    private final Path tempDir;
    private final Optional<TimestampClient> timestamps;
    private final PerceptualHash perceptualHash;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    public CaptureService(SafeDownloader downloader, ArchiveStore store, WarcRecorder warc, ToolInfo tool, Path tempDir,
                          Optional<TimestampClient> timestamps, PerceptualHash perceptualHash) {
        this(downloader, store, warc, tool, tempDir, timestamps, perceptualHash, Clock.systemUTC());
    }

    /**
     * @param timestamps the TSA that stamps each provenance record (storer.timestamp.per-record), else empty
     * @param clock      times the ledger entries: when each object became durable
     */
    public CaptureService(SafeDownloader downloader, ArchiveStore store, WarcRecorder warc, ToolInfo tool, Path tempDir,
                          Optional<TimestampClient> timestamps, PerceptualHash perceptualHash, Clock clock) {
        this.clock = clock;
        this.timestamps = timestamps;
        this.perceptualHash = perceptualHash;
        this.downloader = downloader;
        this.store = store;
        this.warc = warc;
        this.tool = tool;
        this.tempDir = tempDir;
        try {
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create download directory " + tempDir, e);
        }
    }

    public static String captureId(String postId, int version, int index, String url) {
        return UUID.nameUUIDFromBytes((postId + "|" + version + "|" + index + "|" + url).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Captures one media item within {@code budget} (redirects included). A failure of this one item (a URL the WARC
     * writer cannot represent, a local I/O error, a bug) is its {@code failed} outcome with the reason, so the post
     * and its other media are still archived. Only an unreachable archive ({@link StorageException}) escapes: the
     * whole post is then retried.
     */
    public CapturedMedia capture(PostEnriched post, int index, MediaRef media, KafkaCoordinates input, String traceId,
                                 Duration budget) throws StorageException {
        long deadline = System.nanoTime() + budget.toNanos(); // the archive lookup below counts against it too
        try {
            return attempt(post, index, media, input, traceId, deadline);
        } catch (RuntimeException | IOException e) {
            LOG.warnf("capture %d of %s failed: %s", index, post.postId(), e.toString());
            return new CapturedMedia(new CaptureOutcome.Failed(media.url(), "capture failed: " + e), null);
        }
    }

    private CapturedMedia attempt(PostEnriched post, int index, MediaRef media, KafkaCoordinates input, String traceId,
                                  long deadline) throws StorageException, IOException {
        String captureId = captureId(post.postId(), post.post().version(), index, media.url());
        String provenanceKey = ArchiveStore.provenanceKey(captureId);
        Optional<byte[]> earlier = store.get(provenanceKey);
        if (earlier.isPresent()) {
            ProvenanceRecord p = codec.read(earlier.get(), ProvenanceRecord.class);
            return new CapturedMedia(new CaptureOutcome.Duplicate(media.url(), captureId, p.sha256(), p.size(),
                    p.sniffedContentType(), p.objectKey(), provenanceKey), p, foundEntries(post, p, earlier.get()));
        }
        Path file = tempDir.resolve(captureId + ".part");
        try {
            DownloadResult result = downloader.download(media.url(), file, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (result instanceof DownloadResult.Fetched f) {
                return store(post, media, captureId, provenanceKey, f, input, traceId);
            } else if (result instanceof DownloadResult.Refused r) {
                return new CapturedMedia(new CaptureOutcome.Refused(media.url(), r.reason()), null);
            } else if (result instanceof DownloadResult.TooLarge t) {
                return new CapturedMedia(new CaptureOutcome.TooLarge(media.url(), t.limitBytes()), null);
            }
            DownloadResult.Failed failed = (DownloadResult.Failed) result;
            return new CapturedMedia(new CaptureOutcome.Failed(media.url(), failed.reason()), null);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // removed on the next start; never read again
            }
        }
    }

    /**
     * A TSA outage must not lose the capture: the provenance record is already durable, so a failed
     * time-stamp is logged and counted (the verify report then shows the record as not time-stamped).
     */
    private void timestamp(String captureId, byte[] provenanceBytes, TimestampClient client, EvidenceEntries entries)
            throws StorageException {
        try {
            byte[] token = client.stamp(sha256(provenanceBytes));
            ArchiveStore.Written w = store.putEvidenceBytes(ArchiveStore.timestampKey(captureId), token, "application/timestamp-reply");
            entries.written(LedgerEntry.TIMESTAMP, w, token, captureId);
        } catch (TimestampClient.TimestampException e) {
            LOG.warnf("capture %s not time-stamped: %s", captureId, e.getMessage());
        }
    }

    /**
     * The entries of a capture stored by an earlier attempt, as that attempt published them (apart from their time): the
     * media object and the record as the write-once record states them, the WARC re-hashed from the archive (no record
     * holds its hash), the token when this storer stamps records and one is stored.
     */
    private List<LedgerEntry> foundEntries(PostEnriched post, ProvenanceRecord p, byte[] recordBytes) throws StorageException {
        EvidenceEntries entries = new EvidenceEntries(store, clock, post);
        entries.found(LedgerEntry.MEDIA, p.objectKey(), p.sha256(), p.size(), p.captureId());
        if (p.warcKey() != null) {
            entries.foundUnhashed(LedgerEntry.MEDIA, p.warcKey(), p.captureId());
        }
        entries.found(LedgerEntry.MEDIA_PROVENANCE, ArchiveStore.provenanceKey(p.captureId()), Hashes.sha256Hex(recordBytes),
                recordBytes.length, p.captureId());
        if (timestamps.isPresent()) {
            String tsr = ArchiveStore.timestampKey(p.captureId());
            Optional<byte[]> token = store.get(tsr);
            if (token.isPresent()) {
                entries.found(LedgerEntry.TIMESTAMP, tsr, Hashes.sha256Hex(token.get()), token.get().length, p.captureId());
            }
        }
        return entries.entries();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CapturedMedia store(PostEnriched post, MediaRef media, String captureId, String provenanceKey,
                                DownloadResult.Fetched f, KafkaCoordinates input, String traceId) throws StorageException, IOException {
        EvidenceEntries entries = new EvidenceEntries(store, clock, post);
        String objectKey = ArchiveStore.contentKey(f.sha256());
        // One HEAD says whether the bytes are stored and, if so, which version: the ledger entry needs no second request.
        Optional<ArchiveStore.ObjectStat> existing = store.stat(objectKey);
        boolean existed = existing.isPresent();
        if (existed) {
            entries.found(LedgerEntry.MEDIA, existing.get(), f.sha256(), captureId);
        } else {
            entries.written(LedgerEntry.MEDIA, store.putEvidenceFile(objectKey, f.file(), f.sniffedContentType()), f.sha256(),
                    f.size(), captureId);
        }
        String warcKey = "warc/" + captureId + ".warc.gz";
        Path warcFile = tempDir.resolve(captureId + ".warc.gz");
        try {
            warc.write(f, warcFile);
            String warcSha256 = fileSha256(warcFile);
            ArchiveStore.Written w = store.putEvidenceFile(warcKey, warcFile, "application/warc");
            entries.written(LedgerEntry.MEDIA, w, warcSha256, Files.size(warcFile), captureId);
        } catch (StorageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot write the WARC of this capture: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(warcFile);
            } catch (IOException ignored) {
                // temp file; never read again
            }
        }
        PerceptualHash.Result image = f.sniffedContentType().startsWith("image/") ? perceptualHash.of(f.file(), f.sniffedContentType()) : null;
        String perceptual = image instanceof PerceptualHash.Result.Hashed h ? h.hash() : null;
        String noPerceptual = image instanceof PerceptualHash.Result.Unavailable u ? u.reason() : null;
        ProvenanceRecord provenance = new ProvenanceRecord(ProvenanceRecord.SCHEMA_VERSION, captureId, post.postId(),
                post.post().platform(), post.post().url(), post.post().collectionIds(), media.url(), f.fetchedUrl(),
                f.redirects(), f.resolvedAddress(), f.status(), f.headers(), f.tlsPeerCertificateSha256(), f.startedAt(),
                f.endedAt(), f.sha256(), f.sha512(), perceptual, noPerceptual, f.size(), f.declaredContentType(), f.sniffedContentType(),
                store.bucket(), objectKey, warcKey, input, tool, traceId,
                ProvenanceRecord.Prov.of(f.sha256(), captureId, tool, f.fetchedUrl()));
        byte[] provenanceBytes = codec.write(provenance);
        entries.written(LedgerEntry.MEDIA_PROVENANCE, store.putEvidenceBytes(provenanceKey, provenanceBytes, "application/json"),
                provenanceBytes, captureId);
        if (timestamps.isPresent()) {
            timestamp(captureId, provenanceBytes, timestamps.get(), entries);
        }
        CaptureOutcome outcome = existed
                ? new CaptureOutcome.Duplicate(media.url(), captureId, f.sha256(), f.size(), f.sniffedContentType(), objectKey, provenanceKey)
                : new CaptureOutcome.Stored(media.url(), captureId, f.sha256(), f.size(), f.sniffedContentType(), objectKey, provenanceKey);
        return new CapturedMedia(outcome, provenance, entries.entries());
    }

    private static String fileSha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
