package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.SourceEvidence;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one post version against its post provenance record, from the archive alone: the fetch WARC still holds the
 * record it names, whose payload hashes to the body hash and to its own {@code WARC-Payload-Digest}; the item range of
 * that payload hashes to the raw item hash; the stored normalised post hashes to its recorded hash and still names that
 * raw item as its source. A check that could not be made is never reported as passed: an unreadable WARC is a
 * MISMATCH with the reason, an absent one MISSING.
 */
final class PostVerifier {
    private final ArchiveStore store;
    private final LedgerCheck ledger;
    private final EventCodec codec = new EventCodec();

    PostVerifier(ArchiveStore store, LedgerCheck ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /** What the checks found: failures make a MISMATCH, absent objects a MISSING, nothing of either is OK. */
    private static final class Findings {
        final List<String> mismatches = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final List<String> passed = new ArrayList<>();
        String actualItemSha256;
        /** The objects the ledger must hold: the record, the fetch WARC, the raw item in it, the normalised post, a token. */
        final List<EvidenceObject> objects = new ArrayList<>();
    }

    VerifyReport.Item verify(String provenanceKey, String postIdHint) throws StorageException {
        String id = provenanceKey.substring(provenanceKey.lastIndexOf('/') + 1).replace(".json", "");
        Optional<byte[]> recordBytes = store.get(provenanceKey);
        if (recordBytes.isEmpty()) {
            return VerifyReport.Item.post(id, postIdHint, null, null, VerifyStatus.MISSING, null, null,
                    "no post provenance record " + provenanceKey);
        }
        PostProvenance p;
        try {
            p = codec.read(recordBytes.get(), PostProvenance.class);
        } catch (EventCodec.InvalidEventException e) {
            return VerifyReport.Item.post(id, postIdHint, null, null, VerifyStatus.MISMATCH, null, null,
                    "post provenance record " + provenanceKey + " is unreadable: " + e.getMessage());
        }
        SourceEvidence s = p.source();
        Findings f = new Findings();
        if (!p.provenanceId().equals(id) || !id.equals(PostProvenance.idFor(p.postId(), p.postVersion(), s.itemSha256()))) {
            f.mismatches.add("the record's id " + p.provenanceId() + " is not the id of its post, version and raw item");
        }
        f.objects.add(EvidenceObject.of(LedgerEntry.POST_PROVENANCE, provenanceKey, Hashes.sha256Hex(recordBytes.get()),
                recordBytes.get().length, id));
        checkWarc(s, f);
        checkNormalisedPost(p, f);
        String stamp = Verifier.recordToken(store, ledger, ArchiveStore.postTimestampKey(id), recordBytes.get(), id,
                f.mismatches::add, f.objects);
        VerifyStatus status = !f.mismatches.isEmpty() ? VerifyStatus.MISMATCH
                : !f.missing.isEmpty() ? VerifyStatus.MISSING : VerifyStatus.OK;
        List<String> said = new ArrayList<>(f.mismatches);
        said.addAll(f.missing);
        String detail = status == VerifyStatus.OK ? String.join("; ", f.passed) + "; " + stamp : String.join("; ", said);
        return VerifyReport.Item.post(id, p.postId(), p.postVersion(), s.warcKey(), status, s.itemSha256(), f.actualItemSha256, detail)
                .withLedger(ledger.check(f.objects));
    }

    private void checkWarc(SourceEvidence s, Findings f) throws StorageException {
        EvidenceObject rawItem = new EvidenceObject(LedgerEntry.RAW_ITEM, s.warcKey(), s.itemSha256(), s.itemLength(), null,
                new LedgerEntry.Within(s.warcRecordId(), s.itemOffset(), s.itemLength()), true);
        Optional<InputStream> object = store.open(s.warcKey());
        if (object.isEmpty()) {
            f.missing.add("fetch WARC " + s.warcKey() + " is not in the archive");
            f.objects.add(rawItem.absent());
            return;
        }
        f.objects.add(rawItem);
        byte[] payload = null;
        Optional<WarcDigest> declared = Optional.empty();
        Optional<WarcDigest> declaredBlock = Optional.empty();
        Optional<WarcDigest> block = Optional.empty();
        String type = null;
        try (InputStream in = object.get(); HashingStream hashed = new HashingStream(in); WarcReader reader = new WarcReader(hashed)) {
            // The block digest covers the recorded HTTP status line and headers too, which the payload digest does not.
            reader.calculateBlockDigest();
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (!s.warcRecordId().equals(r.id().toString())) {
                    continue;
                }
                type = r.type();
                if (r instanceof WarcResponse res) {
                    payload = res.http().body().stream().readAllBytes();
                    declared = res.payloadDigest();
                } else if (r instanceof WarcResource res) {
                    payload = res.body().stream().readAllBytes();
                    declared = res.payloadDigest();
                }
                declaredBlock = r.blockDigest();
                r.body().consume();
                block = r.calculatedBlockDigest();
                break;
            }
            // The rest too, for the fetch WARC's own ledger entry (the SHA-256 and size of the object as stored).
            hashed.transferTo(java.io.OutputStream.nullOutputStream());
            f.objects.add(EvidenceObject.of(LedgerEntry.FETCH_WARC, s.warcKey(), HexFormat.of().formatHex(hashed.sha256.digest()),
                    hashed.size, null));
        } catch (IOException | RuntimeException e) {
            // jwarc reports a malformed record as a ParsingException (an IOException) or an unchecked exception.
            if (e instanceof IOException && isUnreachable(e)) {
                throw new StorageException("cannot read " + s.warcKey() + ": " + e.getMessage(), e);
            }
            f.mismatches.add("fetch WARC " + s.warcKey() + " cannot be parsed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "), so its payload and raw item are unchecked");
            return;
        }
        if (type == null) {
            f.mismatches.add("fetch WARC " + s.warcKey() + " holds no record " + s.warcRecordId());
            return;
        }
        if (payload == null) {
            f.mismatches.add("record " + s.warcRecordId() + " is a " + type + " record, not the response or resource holding the item");
            return;
        }
        String payloadSha256 = Hashes.sha256Hex(payload);
        if (payload.length != s.bodyBytes()) {
            f.mismatches.add("WARC payload is " + payload.length + " bytes, not " + s.bodyBytes());
        }
        if (!payloadSha256.equals(s.bodySha256())) {
            f.mismatches.add("WARC payload SHA-256 " + payloadSha256 + " differs from the recorded body SHA-256 " + s.bodySha256());
        } else {
            f.passed.add("WARC payload (" + payload.length + " bytes) hashes to the body SHA-256");
        }
        if (declared.isEmpty()) {
            f.mismatches.add("record " + s.warcRecordId() + " has no WARC-Payload-Digest");
        } else if (!"sha256".equalsIgnoreCase(declared.get().algorithm()) && !"sha-256".equalsIgnoreCase(declared.get().algorithm())) {
            f.mismatches.add("WARC-Payload-Digest is " + declared.get().algorithm() + ", not sha256: it cannot be compared");
        } else if (!Arrays.equals(declared.get().bytes(), HexFormat.of().parseHex(payloadSha256))) {
            f.mismatches.add("WARC-Payload-Digest " + declared.get().raw() + " does not match the payload");
        } else {
            f.passed.add("WARC-Payload-Digest matches");
        }
        if (declaredBlock.isEmpty()) {
            f.mismatches.add("record " + s.warcRecordId() + " has no WARC-Block-Digest: its recorded headers are unchecked");
        } else if (block.isEmpty()) {
            f.mismatches.add("the WARC-Block-Digest (" + declaredBlock.get().algorithm() + ") of " + s.warcRecordId()
                    + " could not be computed: its recorded headers are unchecked");
        } else if (!Arrays.equals(declaredBlock.get().bytes(), block.get().bytes())) {
            f.mismatches.add("WARC-Block-Digest " + declaredBlock.get().raw() + " does not match the record's block (status line,"
                    + " headers and payload as recorded)");
        } else {
            f.passed.add("WARC-Block-Digest matches");
        }
        if (s.itemOffset() + s.itemLength() > payload.length) {
            f.mismatches.add("raw item [" + s.itemOffset() + ", +" + s.itemLength() + ") is outside the " + payload.length + "-byte payload");
            return;
        }
        byte[] item = Arrays.copyOfRange(payload, (int) s.itemOffset(), (int) (s.itemOffset() + s.itemLength()));
        f.actualItemSha256 = Hashes.sha256Hex(item);
        if (!f.actualItemSha256.equals(s.itemSha256())) {
            f.mismatches.add("raw item [" + s.itemOffset() + ", +" + s.itemLength() + ") SHA-256 differs from the recorded item SHA-256");
        } else {
            f.passed.add("raw item (" + s.itemLength() + " bytes at " + s.itemOffset() + ") hashes to the item SHA-256");
        }
    }

    private void checkNormalisedPost(PostProvenance p, Findings f) throws StorageException {
        Optional<byte[]> bytes = store.get(p.normalisedPostKey());
        EvidenceObject normalised = EvidenceObject.of(LedgerEntry.POST, p.normalisedPostKey(), p.normalisedPostSha256(),
                bytes.map(b -> (long) b.length).orElse(-1L), null);
        if (bytes.isEmpty()) {
            f.missing.add("normalised post " + p.normalisedPostKey() + " is not in the archive");
            f.objects.add(normalised.absent());
            return;
        }
        f.objects.add(normalised);
        if (!Hashes.sha256Hex(bytes.get()).equals(p.normalisedPostSha256())) {
            f.mismatches.add("normalised post " + p.normalisedPostKey() + " SHA-256 differs from the recorded one");
        } else {
            f.passed.add("normalised post hashes to its recorded SHA-256");
        }
        PostEnriched post;
        try {
            post = codec.read(bytes.get(), PostEnriched.class);
        } catch (EventCodec.InvalidEventException e) {
            f.mismatches.add("normalised post " + p.normalisedPostKey() + " is unreadable, so what it was derived from is unchecked: "
                    + e.getMessage());
            return;
        }
        if (!p.postId().equals(post.postId()) || p.postVersion() != post.post().version()) {
            f.mismatches.add("normalised post is " + post.postId() + " version " + post.post().version() + ", not the record's post");
        } else if (!Objects.equals(post.post().source(), p.source())) {
            f.mismatches.add("normalised post no longer names the raw item of this record as its source");
        } else {
            f.passed.add("normalised post names this raw item as its source");
        }
    }

    /** An I/O failure of the S3 stream itself (not the WARC's content) means the archive is unreachable. */
    static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
