package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageProvenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one page capture against its page provenance record, from the archive alone: every artifact (HTML source,
 * rendered DOM, both screenshots, WARC) is at its content address and re-hashes, streaming, to its SHA-256 and size;
 * the WARC reads back and holds the final URL's response whose payload hashes to the html-source artifact, and a
 * refusal record for each refused request ({@link PageWarcCheck}); a time-stamp token, when stored, covers the record's
 * bytes. An absent record or artifact is MISSING; wrong bytes, or anything that could not be read as what it should be
 * (an unparseable record or WARC), a MISMATCH naming it. Nothing that could not be checked is reported OK.
 */
final class PageVerifier {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A captured page has all of these; a record without one cannot be checked for it. */
    private static final List<String> ROLES = List.of(PageArtifact.HTML_SOURCE, PageArtifact.RENDERED_DOM, PageArtifact.SCREENSHOT,
            PageArtifact.SCREENSHOT_STAMPED, PageArtifact.WARC);
    private final ArchiveStore store;
    private final LedgerCheck ledger;
    private final EventCodec codec = new EventCodec();

    PageVerifier(ArchiveStore store, LedgerCheck ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /** Whether a provenance key is a page capture's ({@code provenance/pages/…}). */
    static boolean isPageKey(String provenanceKey) {
        return provenanceKey.startsWith("provenance/pages/");
    }

    VerifyReport.Item verify(String provenanceKey, String postIdHint) throws StorageException {
        String id = provenanceKey.substring(provenanceKey.lastIndexOf('/') + 1).replace(".json", "");
        Optional<byte[]> recordBytes = store.get(provenanceKey);
        if (recordBytes.isEmpty()) {
            return VerifyReport.Item.page(id, postIdHint, null, provenanceKey, VerifyStatus.MISSING, null, null,
                    "no page provenance record " + provenanceKey);
        }
        PageProvenance p;
        try {
            p = codec.read(recordBytes.get(), PageProvenance.class);
        } catch (EventCodec.InvalidEventException e) {
            return VerifyReport.Item.page(id, postIdHint, null, provenanceKey, VerifyStatus.MISMATCH, null, null,
                    "page provenance record " + provenanceKey + " is unreadable, so none of its artifacts is checked: " + e.getMessage());
        }
        Findings f = new Findings();
        if (!id.equals(p.captureId()) || !id.equals(PageProvenance.idFor(p.postId(), p.postVersion(), p.pageUrl()))) {
            f.mismatch("the record's capture id " + p.captureId() + " is not the id of its post, version and page URL");
        }
        for (String role : ROLES) {
            if (p.artifact(role).isEmpty()) {
                f.mismatch("the record names no " + role + " artifact");
            }
        }
        checkProv(p, f);
        String html = p.artifact(PageArtifact.HTML_SOURCE).map(PageArtifact::sha256).orElse(null);
        for (PageArtifact a : p.artifacts()) {
            checkArtifact(a, p, html, f);
        }
        f.objects.add(0, EvidenceObject.of(LedgerEntry.PAGE_PROVENANCE, provenanceKey, Hashes.sha256Hex(recordBytes.get()),
                recordBytes.get().length, id));
        String stamp = Verifier.recordToken(store, ledger, ArchiveStore.pageTimestampKey(id), recordBytes.get(), id, f::mismatch, f.objects);
        VerifyStatus status = f.status();
        String detail = status == VerifyStatus.OK ? f.detail() + "; " + stamp : f.detail();
        return VerifyReport.Item.page(id, p.postId(), p.postVersion(), provenanceKey, status, html, f.actualSha256, detail)
                .withLedger(ledger.check(f.objects));
    }

    /** The PROV view must name exactly the artifacts the record lists, so neither can be edited alone. */
    private static void checkProv(PageProvenance p, Findings f) {
        if (p.prov() == null) {
            f.mismatch("the record has no prov view");
            return;
        }
        Set<String> artifacts = p.artifacts().stream().map(a -> "urn:sha256:" + a.sha256()).collect(Collectors.toSet());
        if (!Set.copyOf(p.prov().generated()).equals(artifacts)) {
            f.mismatch("prov.generated " + p.prov().generated() + " is not the record's artifacts");
        }
    }

    private void checkArtifact(PageArtifact a, PageProvenance p, String htmlSha256, Findings f) throws StorageException {
        String name = a.role() + " artifact " + a.objectKey();
        if (!SHA256.matcher(a.sha256()).matches()) {
            f.mismatch(name + " has no SHA-256 (" + a.sha256() + ")");
            return;
        }
        if (!a.objectKey().equals(ArchiveStore.contentKey(a.sha256()))) {
            f.mismatch(name + " is not at the content address of its SHA-256 (" + ArchiveStore.contentKey(a.sha256()) + ")");
        }
        EvidenceObject artifact = EvidenceObject.of(LedgerEntry.PAGE_ARTIFACT, a.objectKey(), a.sha256(), a.size(), p.captureId());
        Optional<InputStream> object = store.open(a.objectKey());
        if (object.isEmpty()) {
            f.missing(name + " is not in the archive");
            f.objects.add(artifact.absent());
            return;
        }
        f.objects.add(artifact);
        try (InputStream raw = object.get()) {
            HashingStream in = new HashingStream(raw);
            if (PageArtifact.WARC.equals(a.role())) {
                readWarc(in, a, p, htmlSha256, f);
            }
            in.transferTo(OutputStream.nullOutputStream()); // the rest, for the hash of the whole object
            String actual = HexFormat.of().formatHex(in.sha256.digest());
            if (PageArtifact.HTML_SOURCE.equals(a.role())) {
                f.actualSha256 = actual;
            }
            if (!actual.equals(a.sha256())) {
                f.mismatch(name + " SHA-256 differs (" + actual + ")");
            } else if (in.size != a.size()) {
                f.mismatch(name + " is " + in.size + " bytes, not " + a.size());
            } else {
                f.pass(a.role() + " (" + in.size + " bytes) hashes to its SHA-256");
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + a.objectKey() + ": " + e.getMessage(), e);
        }
    }

    private static void readWarc(HashingStream in, PageArtifact a, PageProvenance p, String htmlSha256, Findings f) throws IOException {
        try {
            PageWarcCheck.check(in, a.objectKey(), p, htmlSha256, f);
        } catch (IOException | RuntimeException e) {
            // jwarc reports a malformed record as a ParsingException (an IOException) or an unchecked exception.
            if (e instanceof IOException io && PostVerifier.isUnreachable(e)) {
                throw io;
            }
            f.mismatch("WARC " + a.objectKey() + " cannot be parsed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "), so the final URL's payload and the refusals are unchecked");
        }
    }
}
