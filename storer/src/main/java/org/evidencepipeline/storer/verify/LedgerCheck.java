package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.LruMap;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointException;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.ledger.checkpoint.TokenOverOtherBytesException;
import org.evidencepipeline.ledger.index.LeafRef;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.merkle.InclusionProof;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.ledger.tiles.LedgerReader;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.evidencepipeline.ledger.tiles.TileReadException;
import org.evidencepipeline.storer.timestamp.TimestampCheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that each object of a verified item is in the custody ledger under a signed, time-stamped checkpoint: its
 * entry is found through the ledger index by key (then kind, range and capture), states the SHA-256 and size the
 * object re-hashed to, hashes (RFC 9162 leaf hash of its canonical bytes) into an inclusion proof that reaches the root
 * of the smallest checkpoint covering it, whose signature holds under the configured verifier key and whose RFC 3161
 * token holds under the pinned TSA certificates; and, where the ledger recorded an S3 version id, the object's current
 * version is still that one. Everything trusted comes from {@link LedgerTrust}, nothing from the archive.
 */
final class LedgerCheck {
    /** Checkpoint checks are cached by content (the note's and token's SHA-256), so a changed one is checked again. */
    private static final int CACHE = 256;
    private final ArchiveStore store;
    private final LedgerTrust trust;
    private final LedgerReader reader;
    private final LedgerIndex index;
    /** The report open on this thread, if any ({@link #report}). */
    private final ThreadLocal<LedgerReader.Snapshot> open = new ThreadLocal<>();
    private final Map<String, CheckpointResult> checked = new LruMap<>(CACHE);

    LedgerCheck(ArchiveStore store, LedgerTrust trust) {
        this.store = store;
        this.trust = trust;
        this.reader = new LedgerReader(store);
        this.index = new LedgerIndex(store);
    }

    LedgerTrust trust() {
        return trust;
    }

    /** A report's scope on this thread: until it closes, the ledger is read once for all it verifies. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a report on this thread (a nested call joins the open one): one {@link LedgerReader.Snapshot} serves every
     * item of it, so shared bundles, tiles and checkpoints are read once, and nothing outlives the report.
     */
    Scope report() {
        if (open.get() != null) {
            return () -> { };
        }
        open.set(reader.snapshot());
        return open::remove;
    }

    LedgerVerdict check(List<EvidenceObject> objects) throws StorageException {
        LedgerReader.Snapshot snapshot = open.get() != null ? open.get() : reader.snapshot();
        List<LedgerProof> proofs = new ArrayList<>();
        VerifyStatus status = VerifyStatus.OK;
        for (EvidenceObject o : objects) {
            LedgerProof p = check(o, snapshot);
            proofs.add(p);
            status = LedgerVerdict.worse(status, p.status());
        }
        return new LedgerVerdict(status, proofs, summary(status, proofs));
    }

    private static String summary(VerifyStatus status, List<LedgerProof> proofs) {
        if (proofs.isEmpty()) {
            return "ledger: no objects to check";
        }
        if (status != VerifyStatus.OK) {
            List<String> failed = new ArrayList<>();
            for (LedgerProof p : proofs) {
                if (p.status() != VerifyStatus.OK) {
                    failed.add(p.status() + ": " + p.detail());
                }
            }
            return "ledger: " + String.join("; ", failed);
        }
        Map<String, List<String>> byCheckpoint = new LinkedHashMap<>();
        for (LedgerProof p : proofs) {
            byCheckpoint.computeIfAbsent("shard " + p.shard() + ", checkpoint " + p.checkpointSize() + " (time-stamped "
                    + p.stampedAt() + " by " + p.tsa() + ")", k -> new ArrayList<>()).add(String.valueOf(p.leafIndex()));
        }
        List<String> said = new ArrayList<>();
        byCheckpoint.forEach((cp, leaves) -> said.add("leaves " + String.join(", ", leaves) + " in " + cp));
        return "ledger: " + proofs.size() + " object(s) in signed checkpoints: " + String.join("; ", said);
    }

    private LedgerProof check(EvidenceObject o, LedgerReader.Snapshot snapshot) throws StorageException {
        List<LeafRef> refs = index.byKey(o.key(), snapshot::size);
        Candidate chosen = null;
        Candidate wrongHash = null;
        List<String> unreadable = new ArrayList<>();
        for (LeafRef ref : refs) {
            byte[] bytes;
            LedgerEntry e;
            if (ref.index() >= snapshot.size(ref.shard())) {
                continue; // committed after this report began: not part of the ledger it checks
            }
            try {
                bytes = snapshot.entryBytes(ref.shard(), ref.index());
                e = LedgerEntryCodec.parse(bytes);
            } catch (RuntimeException ex) {
                unreadable.add("shard " + ref.shard() + " leaf " + ref.index() + " (" + ex.getMessage() + ")");
                continue;
            }
            if (!names(e, o)) {
                continue;
            }
            Candidate c = new Candidate(ref, bytes, e);
            boolean sameBytes = o.sha256() != null && o.sha256().equals(e.sha256()) && (o.size() < 0 || o.size() == e.size());
            if (!sameBytes) {
                wrongHash = wrongHash == null ? c : wrongHash;
            } else if (chosen == null || (o.captureId() != null && o.captureId().equals(e.captureId())
                    && !o.captureId().equals(chosen.entry().captureId()))) {
                chosen = c;
            }
        }
        if (chosen == null) {
            if (wrongHash != null) {
                LedgerEntry e = wrongHash.entry();
                return proof(o, VerifyStatus.LEDGER_MISMATCH, wrongHash.ref(), null, null, null,
                        o.name() + ": its entry at shard " + wrongHash.ref().shard() + " leaf " + wrongHash.ref().index()
                                + " states SHA-256 " + e.sha256() + " and " + e.size() + " bytes, the object has " + o.sha256()
                                + " and " + (o.size() < 0 ? "?" : o.size()) + " bytes");
            }
            if (!unreadable.isEmpty()) {
                return proof(o, VerifyStatus.LEDGER_MISMATCH, refs.get(0), null, null, null,
                        o.name() + ": the index points at entries that are not ledger entries: " + String.join(", ", unreadable));
            }
            return proof(o, VerifyStatus.NOT_IN_LEDGER, null, null, null, null, o.name() + " has no ledger entry");
        }
        return prove(o, chosen, snapshot);
    }

    /** Whether entry {@code e} is the one for {@code o}: same kind and key, and for a raw item the same range. */
    private static boolean names(LedgerEntry e, EvidenceObject o) {
        if (!o.kind().equals(e.kind()) || !o.key().equals(e.key())) {
            return false;
        }
        if (o.within() == null) {
            return e.within() == null;
        }
        return o.within().equals(e.within());
    }

    private LedgerProof prove(EvidenceObject o, Candidate c, LedgerReader.Snapshot snapshot) throws StorageException {
        String shard = c.ref().shard();
        long leaf = c.ref().index();
        String where = o.name() + ": shard " + shard + " leaf " + leaf;
        Optional<StoredCheckpoint> covering = snapshot.checkpointCovering(shard, leaf);
        if (covering.isEmpty()) {
            long size = snapshot.state(shard).map(s -> s.size()).orElse(0L);
            return proof(o, VerifyStatus.NOT_CHECKPOINTED, c.ref(), null, null, null,
                    where + " is in the tree (size " + size + ") but no signed checkpoint covers it yet");
        }
        StoredCheckpoint cp = covering.get();
        CheckpointResult r = checkpoint(cp);
        if (r.status() == VerifyStatus.OK && r.stamped() == null) {
            // A checkpoint signed while the TSA was away is followed by a stamped one: use the first that is.
            for (StoredCheckpoint later : snapshot.stampedAfter(shard, cp.size())) {
                if (later.token() != null) {
                    CheckpointResult lr = checkpoint(later);
                    if (lr.status() != VerifyStatus.NOT_TIME_STAMPED) {
                        cp = later;
                        r = lr;
                        break;
                    }
                }
            }
        }
        String at = where + ", checkpoint " + cp.size() + " (" + cp.noteKey() + ")";
        if (r.status() == VerifyStatus.NOT_CHECKPOINTED || r.status() == VerifyStatus.BAD_CHECKPOINT) {
            return proof(o, r.status(), c.ref(), cp.size(), null, null, at + ": " + r.detail());
        }
        byte[] leafHash = Merkle.leafHash(c.bytes());
        try {
            InclusionProof proof = snapshot.inclusion(shard, leaf, cp.size());
            if (!proof.verify(leafHash, r.checkpoint().rootHash())) {
                return proof(o, VerifyStatus.LEDGER_MISMATCH, c.ref(), cp.size(), null, null, at
                        + ": the inclusion proof of the entry does not reach the signed root (the entry or the tree changed)");
            }
        } catch (TileReadException e) {
            throw new StorageException(e.getMessage(), e);
        } catch (RuntimeException e) {
            return proof(o, VerifyStatus.LEDGER_MISMATCH, c.ref(), cp.size(), null, null,
                    at + ": no inclusion proof can be built from the tiles: " + e.getMessage());
        }
        if (o.present() && c.entry().versionId() != null) {
            Optional<ArchiveStore.ObjectStat> now = store.stat(o.key());
            String current = now.map(ArchiveStore.ObjectStat::versionId).orElse(null);
            if (now.isPresent() && !c.entry().versionId().equals(current)) {
                return proof(o, VerifyStatus.REPLACED, c.ref(), cp.size(), r.stampedTime(), r.tsa(), where
                        + ": the ledger recorded version " + c.entry().versionId() + ", the object's current version is "
                        + (current == null ? "none (the bucket no longer reports versions)" : current));
            }
        }
        if (r.status() == VerifyStatus.NOT_TIME_STAMPED) {
            return proof(o, VerifyStatus.NOT_TIME_STAMPED, c.ref(), cp.size(), null, null,
                    at + " is signed and proves the entry, but " + r.detail());
        }
        return proof(o, VerifyStatus.OK, c.ref(), cp.size(), r.stampedTime(), r.tsa(),
                where + " proven in checkpoint " + cp.size() + " signed by " + trust.verifier().keyName() + ", time-stamped "
                        + r.stampedTime() + " by " + r.tsa());
    }

    /** The checkpoint's signature, origin and size, then its token; memoised by the bytes checked. */
    CheckpointResult checkpoint(StoredCheckpoint cp) {
        String cacheKey = cp.shard() + "/" + cp.size() + "/" + Hashes.sha256Hex(cp.note()) + "/"
                + (cp.token() == null ? "-" : Hashes.sha256Hex(cp.token()));
        synchronized (checked) {
            CheckpointResult known = checked.get(cacheKey);
            if (known != null) {
                return known;
            }
        }
        CheckpointResult r = checkUncached(cp);
        synchronized (checked) {
            checked.put(cacheKey, r);
        }
        return r;
    }

    private CheckpointResult checkUncached(StoredCheckpoint cp) {
        if (trust.verifier() == null) {
            return CheckpointResult.failed(VerifyStatus.NOT_CHECKPOINTED, "no verifier key is configured (storer.ledger.verifier-key"
                    + " or storer.ledger.signer-key-file), so the checkpoint's signature cannot be checked");
        }
        Checkpoint c;
        try {
            c = trust.verifier().verify(cp.note());
        } catch (CheckpointException e) {
            return CheckpointResult.failed(VerifyStatus.BAD_CHECKPOINT, "signature does not hold: " + e.getMessage());
        }
        if (c.size() != cp.size()) {
            return CheckpointResult.failed(VerifyStatus.BAD_CHECKPOINT, "the note signs size " + c.size() + ", stored as " + cp.noteKey());
        }
        String origin = Checkpoint.origin(trust.logOrigin(), cp.shard());
        if (!origin.equals(c.origin())) {
            return CheckpointResult.failed(VerifyStatus.BAD_CHECKPOINT, "the note's origin is " + c.origin() + ", not " + origin);
        }
        if (cp.token() == null) {
            return new CheckpointResult(VerifyStatus.NOT_TIME_STAMPED, c, null, "it has no time-stamp token ("
                    + LedgerLayout.checkpointTokenKey(cp.shard(), cp.size()) + ")");
        }
        if (trust.tsaCertificates().isEmpty()) {
            return new CheckpointResult(VerifyStatus.NOT_TIME_STAMPED, c, null, "no TSA certificate is pinned"
                    + " (storer.timestamp.tsa-certificate-file), so its token cannot be checked");
        }
        try {
            CheckpointStamp.Stamped s = CheckpointStamp.check(cp.token(), cp.note(), trust.tsaCertificates());
            return new CheckpointResult(VerifyStatus.OK, c, s, "time-stamped " + s.time() + " by " + s.tsa());
        } catch (CheckpointException e) {
            return new CheckpointResult(VerifyStatus.BAD_CHECKPOINT, c, null, "time-stamp token "
                    + LedgerLayout.checkpointTokenKey(cp.shard(), cp.size()) + " does not hold: " + e.getMessage());
        }
    }

    /**
     * A per-record token (optional since the checkpoints are stamped): checked against the pinned TSA certificates when
     * there are any, so it is never trusted by its embedded certificate alone; else as before, naming the TSA.
     */
    TimestampCheck.Result recordToken(byte[] token, byte[] record) {
        if (trust.tsaCertificates().isEmpty()) {
            TimestampCheck.Result r = TimestampCheck.check(token, record);
            return r.valid() ? new TimestampCheck.Result(true, r.time(), r.tsa(), "per-record " + r.detail() + " (TSA not pinned)") : r;
        }
        try {
            CheckpointStamp.Stamped s = CheckpointStamp.check(token, record, trust.tsaCertificates());
            return new TimestampCheck.Result(true, s.time(), s.tsa(), "per-record token: time-stamped " + s.time() + " by " + s.tsa());
        } catch (TokenOverOtherBytesException e) {
            return new TimestampCheck.Result(false, null, null, "the provenance record changed after it was time-stamped");
        } catch (CheckpointException e) {
            return new TimestampCheck.Result(false, null, null, "the per-record time-stamp token does not hold: " + e.getMessage());
        }
    }

    private static LedgerProof proof(EvidenceObject o, VerifyStatus status, LeafRef ref, Long checkpointSize, Instant stampedAt,
                                     String tsa, String detail) {
        return new LedgerProof(o.kind(), o.key(), status, ref == null ? null : ref.shard(), ref == null ? null : ref.index(),
                checkpointSize, stampedAt, tsa, detail);
    }

    private record Candidate(LeafRef ref, byte[] bytes, LedgerEntry entry) {
    }

    /** What one checkpoint's checks found; {@code checkpoint} is the signed body when the signature held. */
    record CheckpointResult(VerifyStatus status, Checkpoint checkpoint, CheckpointStamp.Stamped stamped, String detail) {
        static CheckpointResult failed(VerifyStatus status, String detail) {
            return new CheckpointResult(status, null, null, detail);
        }

        Instant stampedTime() {
            return stamped == null ? null : stamped.time();
        }

        String tsa() {
            return stamped == null ? null : stamped.tsa();
        }
    }

}
