package org.evidencepipeline.storer.capture;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Writes the provenance record of a post version ({@code kind: post}) once its normalised post object is durable:
 * the fetch and raw item the post names, who collected it, where it passed through Kafka, and the hash of the stored
 * object. Write-once like a media record: its id derives from the post id, version and raw item hash, so a replay
 * finds the first record and returns it unchanged, and of two storers racing for it one conditional write wins.
 */
public final class PostProvenanceWriter {
    private static final Logger LOG = Logger.getLogger(PostProvenanceWriter.class);

    private final ArchiveStore store;
    private final ToolInfo storer;
    private final Optional<TimestampClient> timestamps;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    public PostProvenanceWriter(ArchiveStore store, ToolInfo storer, Optional<TimestampClient> timestamps, Clock clock) {
        this.store = store;
        this.storer = storer;
        this.timestamps = timestamps;
        this.clock = clock;
    }

    /**
     * The provenance of the post version stored as {@code postKey}.
     *
     * @param stored the post as the stored object holds it: its {@code source} is what the record states, so the
     *               object and its record always name the same raw item
     * @return empty when the stored post carries no source evidence: no record claims bytes nobody kept
     */
    public Optional<PostProvenance> record(PostEnriched stored, String postKey, String postSha256, KafkaCoordinates input,
                                           String traceId) throws StorageException {
        return record(stored, postKey, postSha256, input, traceId, new EvidenceEntries(store, clock, stored));
    }

    /**
     * {@link #record(PostEnriched, String, String, KafkaCoordinates, String)}, adding to {@code entries} the custody
     * ledger entries of the record, the raw item it vouches for and its time-stamp token (when this storer stamps
     * records), whether written now or found from an earlier attempt. An unreadable record found in place adds none.
     */
    public Optional<PostProvenance> record(PostEnriched stored, String postKey, String postSha256, KafkaCoordinates input,
                                           String traceId, EvidenceEntries entries) throws StorageException {
        PostCollected post = stored.post();
        SourceEvidence source = post.source();
        if (source == null) {
            return Optional.empty();
        }
        String id = PostProvenance.idFor(post.postId(), post.version(), source.itemSha256());
        String key = ArchiveStore.postProvenanceKey(id);
        Optional<byte[]> earlier = store.get(key);
        if (earlier.isPresent()) {
            return found(key, earlier.get(), postKey, entries);
        }
        PostProvenance record = new PostProvenance(PostProvenance.SCHEMA_VERSION, PostProvenance.KIND, id, post.postId(),
                post.version(), post.platform(), post.platformId(), post.sourceId(), post.collectionIds(), post.url(), source,
                post.collector(), input, store.bucket(), postKey, postSha256, clock.instant(), storer, traceId,
                PostProvenance.prov(postSha256, id, storer, source.itemSha256()));
        byte[] bytes = codec.write(record);
        ArchiveStore.Written written = store.writeEvidenceBytesIfAbsent(key, bytes, "application/json");
        if (!written.created()) {
            // Another storer wrote it between our read and our write: its record stands.
            return found(key, store.get(key).orElseThrow(() -> new StorageException(key + " exists but cannot be read", null)), postKey,
                    entries);
        }
        entries.written(LedgerEntry.POST_PROVENANCE, written, bytes, id);
        entries.rawItem(source, id);
        if (timestamps.isPresent()) {
            stamp(id, bytes, timestamps.get(), entries);
        }
        return Optional.of(record);
    }

    /** A record an earlier attempt (or another storer) wrote: it stands, and its objects are stated as found. */
    private Optional<PostProvenance> found(String key, byte[] bytes, String postKey, EvidenceEntries entries) throws StorageException {
        Optional<PostProvenance> first = readEarlier(key, bytes, postKey);
        if (first.isEmpty()) {
            return first;
        }
        String id = first.get().provenanceId();
        entries.found(LedgerEntry.POST_PROVENANCE, key, Hashes.sha256Hex(bytes), bytes.length, id);
        entries.rawItem(first.get().source(), id);
        if (timestamps.isPresent()) {
            String tsr = ArchiveStore.postTimestampKey(id);
            Optional<byte[]> token = store.get(tsr);
            if (token.isPresent()) {
                entries.found(LedgerEntry.TIMESTAMP, tsr, Hashes.sha256Hex(token.get()), token.get().length, id);
            } else {
                // A crash (or an archive outage) between the record and its token leaves it unstamped: stamp it now.
                stamp(id, bytes, timestamps.get(), entries);
            }
        }
        return first;
    }

    private Optional<PostProvenance> readEarlier(String key, byte[] bytes, String postKey) {
        try {
            PostProvenance p = codec.read(bytes, PostProvenance.class);
            if (!postKey.equals(p.normalisedPostKey())) {
                // Same post version and raw item, another normalised object (a re-enrichment): the record describes the
                // first object and is never rewritten; the archive index keeps the second as a conflict.
                LOG.warnf("post provenance %s names %s, not %s; the first record stands", p.provenanceId(), p.normalisedPostKey(), postKey);
            }
            return Optional.of(p);
        } catch (EventCodec.InvalidEventException unreadable) {
            LOG.errorf("%s is not a post provenance record this storer can read (%s); it is left as it is and not claimed",
                    key, unreadable.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A TSA outage must not lose the post: the record is already durable, so a failed time-stamp is logged (verify then
     * says the record is not time-stamped). An archive outage while storing the token retries the post, as for media.
     */
    private void stamp(String id, byte[] recordBytes, TimestampClient tsa, EvidenceEntries entries) throws StorageException {
        try {
            byte[] token = tsa.stamp(HexFormat.of().parseHex(Hashes.sha256Hex(recordBytes)));
            entries.written(LedgerEntry.TIMESTAMP,
                    store.writeEvidenceBytesIfAbsent(ArchiveStore.postTimestampKey(id), token, "application/timestamp-reply"), token, id);
        } catch (TimestampClient.TimestampException e) {
            LOG.warnf("post provenance %s not time-stamped: %s", id, e.getMessage());
        }
    }
}
