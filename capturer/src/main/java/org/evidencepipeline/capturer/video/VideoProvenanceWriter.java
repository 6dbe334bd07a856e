package org.evidencepipeline.capturer.video;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.VideoProvenance;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The video provenance record, written once at {@code provenance/videos/<capture id>.json} after every part: the first
 * capture of a post version's stream is the one on record, and a replay reads it instead of capturing again. With a
 * TSA its SHA-256 is time-stamped ({@code .tsr} beside it; an outage is logged, never loses the capture). Then the
 * post's video index entry joins the capture to the post version.
 */
public final class VideoProvenanceWriter {
    private static final Logger LOG = Logger.getLogger(VideoProvenanceWriter.class);

    private final ArchiveStore store;
    private final Optional<TimestampClient> timestamps;
    private final EventCodec codec = new EventCodec();

    public VideoProvenanceWriter(ArchiveStore store, Optional<TimestampClient> timestamps) {
        this.store = store;
        this.timestamps = timestamps;
    }

    public Optional<VideoProvenance> existing(String captureId) throws StorageException {
        return store.get(ArchiveStore.videoProvenanceKey(captureId)).map(b -> codec.read(b, VideoProvenance.class));
    }

    /** @return the record on file: this one, or the one an earlier attempt wrote first */
    public VideoProvenance write(VideoProvenance record) throws StorageException {
        String key = ArchiveStore.videoProvenanceKey(record.captureId());
        byte[] bytes = codec.write(record);
        VideoProvenance onFile = record;
        if (store.putEvidenceBytesIfAbsent(key, bytes, "application/json")) {
            timestamps.ifPresent(tsa -> stamp(record.captureId(), bytes, tsa));
        } else {
            onFile = existing(record.captureId()).orElseThrow(() -> new StorageException("provenance " + key + " vanished", null));
        }
        store.putBytesIfAbsent(ArchiveStore.postVideosIndexKey(onFile.postId(), onFile.postVersion(), onFile.captureId()),
                key.getBytes(StandardCharsets.UTF_8), "text/plain");
        return onFile;
    }

    private void stamp(String captureId, byte[] bytes, TimestampClient tsa) {
        try {
            byte[] token = tsa.stamp(MessageDigest.getInstance("SHA-256").digest(bytes));
            store.putEvidenceBytesIfAbsent(ArchiveStore.videoTimestampKey(captureId), token, "application/timestamp-reply");
        } catch (TimestampClient.TimestampException | StorageException e) {
            LOG.warnf("video capture %s is not time-stamped: %s", captureId, e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
