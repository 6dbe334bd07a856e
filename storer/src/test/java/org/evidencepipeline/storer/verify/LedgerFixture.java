package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.ledger.checkpoint.CheckpointVerifier;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.ledger.tiles.LedgerWriter;
import org.evidencepipeline.ledger.tiles.SourcedEntry;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.evidencepipeline.embedded.LocalTsaServer;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A real custody ledger for verify tests, built with the ledger's own writer, index, signer and a real TSA: the entries
 * are computed from the objects stored, as the storer, capturer and collector publish them (kind, key, SHA-256 and size
 * as stated by the provenance record, or hashed from the stored object where the record states none), appended to
 * shard 0, then checkpointed, signed with a fresh key and time-stamped by {@link LocalTsaServer}.
 */
public final class LedgerFixture {
    static final String SHARD = "0";
    static final String ORIGIN = LedgerTrust.DEFAULT_ORIGIN;
    private final ArchiveStore store;
    private final LocalTsaServer tsa;
    private final CheckpointSigner signer = CheckpointSigner.fromSignerKey(CheckpointSigner.generateSignerKey("verify-test-ledger"));
    private final LedgerWriter writer;
    private final EventCodec codec = new EventCodec();
    private long nextOffset;

    public LedgerFixture(ArchiveStore store, LocalTsaServer tsa) throws StorageException {
        this.store = store;
        this.tsa = tsa;
        this.writer = new LedgerWriter(store, SHARD, 65536, new LedgerIndex(store));
        this.nextOffset = writer.open().nextOffset();
    }

    String verifierKey() {
        return signer.verifierKey();
    }

    /** What the storer would be configured to trust: this ledger's key and the local TSA's certificate. */
    public LedgerTrust trust() {
        return new LedgerTrust(ORIGIN, CheckpointVerifier.fromVerifierKey(signer.verifierKey()), List.of(tsa.certificate()));
    }

    /**
     * The environment {@code ./pipeline verify} reads, trusting this ledger as the settings would: S3Proxy's keys, this
     * ledger's verifier key and the TSA certificate pinned by a file in {@code dir}.
     */
    public java.util.Map<String, String> cliEnvironment(Path dir) throws Exception {
        return java.util.Map.of("STORER_S3_ACCESS_KEY", org.evidencepipeline.embedded.S3ProxyServer.ACCESS_KEY,
                "STORER_S3_SECRET_KEY", org.evidencepipeline.embedded.S3ProxyServer.SECRET_KEY,
                "STORER_LEDGER_VERIFIER_KEY", verifierKey(), "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE", tsaCertificateFile(dir).toString());
    }

    /** The pinned TSA certificate as the PEM file the settings point at. */
    Path tsaCertificateFile(Path dir) throws Exception {
        Path pem = dir.resolve("tsa-" + System.nanoTime() + ".pem");
        Files.write(pem, CheckpointStamp.toPem(List.of(tsa.certificate())));
        return pem;
    }

    /** Ledgers every object of the capture or post version whose provenance record is at {@code provenanceKey}. */
    public LedgerState ledger(String provenanceKey) throws Exception {
        append(entriesOf(provenanceKey));
        checkpoint(true);
        return writer.state();
    }

    LedgerState append(List<LedgerEntry> entries) throws StorageException {
        List<SourcedEntry> sourced = new ArrayList<>();
        for (LedgerEntry e : entries) {
            sourced.add(new SourcedEntry(nextOffset++, e));
        }
        return writer.append(sourced, nextOffset).state();
    }

    /** A checkpoint of the current tree, signed, and time-stamped when {@code stamped}. */
    StoredCheckpoint checkpoint(boolean stamped) throws Exception {
        LedgerState s = writer.state();
        byte[] note = signer.sign(new Checkpoint(Checkpoint.origin(ORIGIN, SHARD), s.size(), s.rootHash(), Instant.now()));
        byte[] token = null;
        if (stamped) {
            token = new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(10))
                    .stamp(MessageDigest.getInstance("SHA-256").digest(note));
        }
        return writer.publishCheckpoint(s.size(), note, token);
    }

    LedgerState state() {
        return writer.state();
    }

    /** Every checkpoint of the shard as stored, oldest first. */
    List<StoredCheckpoint> checkpointsOfShard() throws StorageException {
        return new org.evidencepipeline.ledger.tiles.LedgerReader(store).checkpoints(SHARD);
    }

    /** The entries the stages publish for the objects of one provenance record (and its token, when stored). */
    List<LedgerEntry> entriesOf(String provenanceKey) throws Exception {
        return entriesOf(store, provenanceKey);
    }

    /**
     * The entries the stages publish for the objects of one provenance record in {@code store} (and its token, when
     * stored), for tests that hand them to the storer's own ledger writer on {@code ledger.entries.v1}.
     */
    public static List<LedgerEntry> entriesOf(ArchiveStore store, String provenanceKey) throws Exception {
        EventCodec codec = new EventCodec();
        byte[] record = store.get(provenanceKey).orElseThrow();
        Instant now = Instant.now();
        List<LedgerEntry> out = new ArrayList<>();
        String tokenKey = provenanceKey.replaceAll("\\.json$", ".tsr");
        if (provenanceKey.startsWith("provenance/posts/")) {
            PostProvenance p = codec.read(record, PostProvenance.class);
            SourceEvidence s = p.source();
            out.add(whole(store, LedgerEntry.FETCH_WARC, s.warcKey(), null, null, null, List.of(), now));
            out.add(new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.RAW_ITEM, s.warcKey(), s.itemSha256(), s.itemLength(),
                    p.provenanceId(), p.postId(), p.postVersion(), p.collectionIds(), now, null,
                    new LedgerEntry.Within(s.warcRecordId(), s.itemOffset(), s.itemLength())));
            byte[] post = store.get(p.normalisedPostKey()).orElseThrow();
            out.add(LedgerEntry.of(LedgerEntry.POST, p.normalisedPostKey(), p.normalisedPostSha256(), post.length, null, p.postId(),
                    p.postVersion(), p.collectionIds(), now, null));
            out.add(record(LedgerEntry.POST_PROVENANCE, provenanceKey, record, p.provenanceId(), p.postId(), p.postVersion(),
                    p.collectionIds(), now));
            token(store, tokenKey, p.provenanceId(), p.postId(), p.postVersion(), p.collectionIds(), now, out);
        } else if (provenanceKey.startsWith("provenance/pages/")) {
            PageProvenance p = codec.read(record, PageProvenance.class);
            for (PageArtifact a : p.artifacts()) {
                out.add(LedgerEntry.of(LedgerEntry.PAGE_ARTIFACT, a.objectKey(), a.sha256(), a.size(), p.captureId(), p.postId(),
                        p.postVersion(), p.collectionIds(), now, null));
            }
            out.add(record(LedgerEntry.PAGE_PROVENANCE, provenanceKey, record, p.captureId(), p.postId(), p.postVersion(),
                    p.collectionIds(), now));
            token(store, tokenKey, p.captureId(), p.postId(), p.postVersion(), p.collectionIds(), now, out);
        } else if (provenanceKey.startsWith("provenance/videos/")) {
            VideoProvenance p = codec.read(record, VideoProvenance.class);
            for (VideoPart part : p.parts()) {
                out.add(LedgerEntry.of(LedgerEntry.VIDEO_PART, part.objectKey(), part.sha256(), part.size(), p.captureId(), p.postId(),
                        p.postVersion(), p.collectionIds(), now, null));
            }
            if (p.muxed() != null) {
                out.add(LedgerEntry.of(LedgerEntry.VIDEO_PART, p.muxed().objectKey(), p.muxed().sha256(), p.muxed().size(),
                        p.captureId(), p.postId(), p.postVersion(), p.collectionIds(), now, null));
            }
            out.add(record(LedgerEntry.VIDEO_PROVENANCE, provenanceKey, record, p.captureId(), p.postId(), p.postVersion(),
                    p.collectionIds(), now));
            token(store, tokenKey, p.captureId(), p.postId(), p.postVersion(), p.collectionIds(), now, out);
        } else {
            ProvenanceRecord p = codec.read(record, ProvenanceRecord.class);
            out.add(LedgerEntry.of(LedgerEntry.MEDIA, p.objectKey(), p.sha256(), p.size(), p.captureId(), p.postId(), null,
                    p.collectionIds(), now, null));
            out.add(record(LedgerEntry.MEDIA_PROVENANCE, provenanceKey, record, p.captureId(), p.postId(), null, p.collectionIds(), now));
            token(store, tokenKey, p.captureId(), p.postId(), null, p.collectionIds(), now, out);
        }
        return out;
    }

    /**
     * Hands the entries of the capture or post version at {@code provenanceKey} to the storer's own ledger writer on
     * {@code ledger.entries.v1}, keyed by the post id, as the capturer and the storer publish them.
     */
    public static void publish(String bootstrap, ArchiveStore store, String postId, String provenanceKey) throws Exception {
        org.evidencepipeline.testsupport.TopicProbe probe = new org.evidencepipeline.testsupport.TopicProbe(bootstrap);
        EventCodec codec = new EventCodec();
        for (LedgerEntry e : entriesOf(store, provenanceKey)) {
            probe.send(org.evidencepipeline.contracts.Topics.LEDGER_ENTRIES, postId, codec.write(e));
        }
    }

    private static LedgerEntry record(String kind, String key, byte[] bytes, String captureId, String postId, Integer version,
                                      List<String> collections, Instant now) {
        return LedgerEntry.of(kind, key, Hashes.sha256Hex(bytes), bytes.length, captureId, postId, version, collections, now, null);
    }

    private static void token(ArchiveStore store, String tokenKey, String captureId, String postId, Integer version, List<String> collections, Instant now,
                       List<LedgerEntry> out) throws StorageException {
        Optional<byte[]> token = store.get(tokenKey);
        token.ifPresent(t -> out.add(record(LedgerEntry.TIMESTAMP, tokenKey, t, captureId, postId, version, collections, now)));
    }

    /** An entry for a stored object the record states no hash of (the fetch WARC), hashed as stored. */
    static LedgerEntry whole(ArchiveStore store, String kind, String key, String captureId, String postId, Integer version, List<String> collections,
                      Instant now) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = store.open(key).orElseThrow()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) != -1; size += n) {
                d.update(buffer, 0, n);
            }
        }
        return LedgerEntry.of(kind, key, HexFormat.of().formatHex(d.digest()), size, captureId, postId, version, collections, now, null);
    }
}
