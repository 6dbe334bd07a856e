package org.evidencepipeline.capturer.capture;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageProvenance;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The page provenance record, written once at {@code provenance/pages/<capture id>.json}: the first capture of a post
 * version's page is the one on record, and a replay reads it instead of writing another. With a TSA configured its
 * SHA-256 is time-stamped ({@code .tsr} beside it); a TSA outage never loses the capture (logged).
 */
public final class PageProvenanceWriter {
    private static final Logger LOG = Logger.getLogger(PageProvenanceWriter.class);

    private final ArchiveStore store;
    private final Optional<TimestampClient> timestamps;
    private final EventCodec codec = new EventCodec();

    public PageProvenanceWriter(ArchiveStore store, Optional<TimestampClient> timestamps) {
        this.store = store;
        this.timestamps = timestamps;
    }

    /** The record already on file for a capture id, if any. */
    public Optional<PageProvenance> existing(String captureId) throws StorageException {
        Optional<byte[]> bytes = store.get(ArchiveStore.pageProvenanceKey(captureId));
        return bytes.map(b -> codec.read(b, PageProvenance.class));
    }

    /** @return the record on file: this one, or the one an earlier attempt wrote first */
    public PageProvenance write(PageProvenance record) throws StorageException {
        String key = ArchiveStore.pageProvenanceKey(record.captureId());
        byte[] bytes = codec.write(record);
        if (!store.putEvidenceBytesIfAbsent(key, bytes, "application/json")) {
            return existing(record.captureId()).orElseThrow(() -> new StorageException("provenance " + key + " vanished", null));
        }
        timestamps.ifPresent(tsa -> stamp(record.captureId(), bytes, tsa));
        return record;
    }

    private void stamp(String captureId, byte[] bytes, TimestampClient tsa) {
        try {
            byte[] token = tsa.stamp(MessageDigest.getInstance("SHA-256").digest(bytes));
            store.putEvidenceBytesIfAbsent(ArchiveStore.pageTimestampKey(captureId), token, "application/timestamp-reply");
        } catch (TimestampClient.TimestampException | StorageException e) {
            LOG.warnf("page capture %s is not time-stamped: %s", captureId, e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
