package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;

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
 * Checks one video capture against its video provenance record, from the archive alone: every part (playlists,
 * manifest, keys, init parts, segments, a yt-dlp file and its WARC) is at its content address and re-hashes, streaming,
 * to its SHA-256 and size; the parts are numbered 0..n-1 in order; the totals are their sum; the muxed file, when there
 * is one, re-hashes too and was derived from listed parts only; the PROV view names exactly the parts and the muxed
 * file; a WARC part reads back as a WARC ({@link VideoWarcCheck}); a time-stamp token, when stored, covers the record's
 * bytes. An absent record, part or muxed file is MISSING; anything altered or inconsistent a MISMATCH naming it. A
 * capture whose record says it is incomplete, and whose stored bytes all check, is INCOMPLETE with the cap and why,
 * never OK.
 */
final class VideoVerifier {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Two durations are the same sum when they differ by less than this (the record stores doubles). */
    private static final double DURATION_TOLERANCE = 0.001;
    private final ArchiveStore store;
    private final LedgerCheck ledger;
    private final EventCodec codec = new EventCodec();

    VideoVerifier(ArchiveStore store, LedgerCheck ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /** Whether a provenance key is a video capture's ({@code provenance/videos/…}). */
    static boolean isVideoKey(String provenanceKey) {
        return provenanceKey.startsWith("provenance/videos/");
    }

    VerifyReport.Item verify(String provenanceKey, String postIdHint) throws StorageException {
        String id = provenanceKey.substring(provenanceKey.lastIndexOf('/') + 1).replace(".json", "");
        Optional<byte[]> recordBytes = store.get(provenanceKey);
        if (recordBytes.isEmpty()) {
            return VerifyReport.Item.video(id, postIdHint, null, provenanceKey, VerifyStatus.MISSING, null, null,
                    "no video provenance record " + provenanceKey);
        }
        VideoProvenance p;
        try {
            p = codec.read(recordBytes.get(), VideoProvenance.class);
        } catch (EventCodec.InvalidEventException e) {
            return VerifyReport.Item.video(id, postIdHint, null, provenanceKey, VerifyStatus.MISMATCH, null, null,
                    "video provenance record " + provenanceKey + " is unreadable, so none of its parts is checked: " + e.getMessage());
        }
        Findings f = new Findings();
        if (!id.equals(p.captureId()) || !id.equals(VideoProvenance.idFor(p.postId(), p.postVersion(), p.streamUrl()))) {
            f.mismatch("the record's capture id " + p.captureId() + " is not the id of its post, version and stream URL");
        }
        checkOrder(p.parts(), f);
        checkTotals(p, f);
        checkProv(p, f);
        long bytes = 0;
        int good = 0;
        for (VideoPart part : p.parts()) {
            if (checkPart(part, f)) {
                good++;
                bytes += part.size();
            }
        }
        if (good == p.parts().size()) {
            f.pass(good + " part(s), " + bytes + " bytes, each at its content address and hashing to its SHA-256 and size");
        }
        checkMuxed(p, f);
        f.objects.add(0, EvidenceObject.of(LedgerEntry.VIDEO_PROVENANCE, provenanceKey, Hashes.sha256Hex(recordBytes.get()),
                recordBytes.get().length, id));
        String stamp = Verifier.recordToken(store, ledger, ArchiveStore.videoTimestampKey(id), recordBytes.get(), id, f::mismatch, f.objects);
        VerifyStatus status = f.status();
        String detail = status == VerifyStatus.OK ? f.detail() + "; " + stamp : f.detail();
        if (status == VerifyStatus.OK && !p.complete()) {
            // The bytes are intact, but they are not the whole stream: say so first, never OK.
            VideoProvenance.Incomplete why = p.incomplete();
            status = VerifyStatus.INCOMPLETE;
            detail = "the capture is incomplete (cap " + why.cap() + (why.limit() == null ? "" : ", limit " + why.limit()) + ": "
                    + why.reason() + "); what was kept checks: " + detail;
        }
        String expected = p.muxed() == null ? null : p.muxed().sha256();
        return VerifyReport.Item.video(id, p.postId(), p.postVersion(), provenanceKey, status, expected, f.actualSha256, detail)
                .withLedger(ledger.check(f.objects));
    }

    /** A part's index is its place in the list, so no part can be dropped or reordered without it showing. */
    private static void checkOrder(List<VideoPart> parts, Findings f) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).index() != i) {
                f.mismatch("part " + i + " in the list has index " + parts.get(i).index() + " (parts must be numbered 0.."
                        + (parts.size() - 1) + " in order)");
            }
        }
    }

    /** The record's totals must be the sum of its parts (duration: the video track's segments). */
    private static void checkTotals(VideoProvenance p, Findings f) {
        VideoProvenance.Totals t = p.totals();
        if (t == null) {
            f.mismatch("the record has no totals");
            return;
        }
        long bytes = p.parts().stream().mapToLong(VideoPart::size).sum();
        if (t.parts() != p.parts().size()) {
            f.mismatch("totals.parts is " + t.parts() + " but the record lists " + p.parts().size() + " part(s)");
        }
        if (t.bytes() != bytes) {
            f.mismatch("totals.bytes is " + t.bytes() + " but the parts sum to " + bytes);
        }
        if (t.durationSeconds() == null) {
            return;
        }
        // As the capturer sums it: the video track's segments, when each states its duration; otherwise the plan's
        // duration was recorded, which the archive alone cannot re-derive.
        List<Double> video = p.parts().stream().filter(part -> VideoPart.SEGMENT.equals(part.role()) && "video".equals(part.track()))
                .map(VideoPart::durationSeconds).toList();
        if (video.isEmpty() || video.contains(null)) {
            f.pass("totals.durationSeconds " + t.durationSeconds() + " s (not compared: no video segment durations to sum)");
            return;
        }
        double expected = video.stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(expected - t.durationSeconds()) >= DURATION_TOLERANCE) {
            f.mismatch("totals.durationSeconds is " + t.durationSeconds() + " but the video segments sum to " + expected);
        } else {
            f.pass("totals (" + t.parts() + " parts, " + t.bytes() + " bytes, " + t.durationSeconds() + " s) are the sum of the parts");
        }
    }

    /** The PROV view must name exactly the parts and the muxed file the record lists, so neither can be edited alone. */
    private static void checkProv(VideoProvenance p, Findings f) {
        if (p.prov() == null) {
            f.mismatch("the record has no prov view");
            return;
        }
        List<String> parts = p.parts().stream().map(a -> "urn:sha256:" + a.sha256()).toList();
        if (!p.prov().generated().equals(parts)) {
            f.mismatch("prov.generated " + p.prov().generated() + " is not the record's parts in order");
        }
        VideoProvenance.Derivation d = p.prov().derived();
        if (p.muxed() == null) {
            if (d != null) {
                f.mismatch("prov.derived names " + d.entity() + " but the record has no muxed file");
            }
            return;
        }
        List<String> from = p.muxed().wasDerivedFrom().stream().map(h -> "urn:sha256:" + h).toList();
        if (d == null || !("urn:sha256:" + p.muxed().sha256()).equals(d.entity()) || !d.wasDerivedFrom().equals(from)) {
            f.mismatch("prov.derived does not name the muxed file " + p.muxed().sha256() + " derived from muxed.wasDerivedFrom");
        }
    }

    /** @return whether the part is present and its bytes are as recorded */
    private boolean checkPart(VideoPart part, Findings f) throws StorageException {
        String name = "part " + part.index() + " (" + part.role() + (part.track() == null ? "" : " " + part.track()) + ", "
                + part.url() + ")";
        Checked c = checkObject(name, part.objectKey(), part.sha256(), part.size(), VideoPart.WARC.equals(part.role()), f);
        return c != null && c.intact();
    }

    private void checkMuxed(VideoProvenance p, Findings f) throws StorageException {
        VideoProvenance.Muxed m = p.muxed();
        if (m == null) {
            f.pass("no muxed file" + (p.muxNote() == null ? "" : " (" + p.muxNote() + ")"));
            return;
        }
        Set<String> partHashes = p.parts().stream().map(VideoPart::sha256).collect(Collectors.toSet());
        List<String> foreign = m.wasDerivedFrom().stream().filter(h -> !partHashes.contains(h)).toList();
        if (m.wasDerivedFrom().isEmpty()) {
            f.mismatch("the muxed file names no part it was derived from");
        } else if (!foreign.isEmpty()) {
            f.mismatch("the muxed file claims derivation from " + foreign + ", which are not parts of this capture");
        }
        Checked c = checkObject("muxed file " + m.objectKey(), m.objectKey(), m.sha256(), m.size(), false, f);
        f.actualSha256 = c == null ? null : c.sha256();
        if (c != null && c.intact()) {
            f.pass("muxed file (" + m.size() + " bytes) hashes to its SHA-256, derived from " + m.wasDerivedFrom().size() + " listed part(s)");
        }
    }

    /**
     * Streams one object through SHA-256 (never whole in memory), reading it as a WARC on the way when it is one.
     *
     * @return what it hashes to and whether that and its size are as recorded, or null when it is absent or its
     *         recorded SHA-256 is not one
     */
    private Checked checkObject(String name, String objectKey, String sha256, long size, boolean warc, Findings f)
            throws StorageException {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            f.mismatch(name + " has no SHA-256 (" + sha256 + ")");
            return null;
        }
        if (objectKey == null) {
            f.mismatch(name + " names no object");
            return null;
        }
        if (!objectKey.equals(ArchiveStore.contentKey(sha256))) {
            f.mismatch(name + " is not at the content address of its SHA-256 (" + ArchiveStore.contentKey(sha256) + ")");
        }
        EvidenceObject part = EvidenceObject.of(LedgerEntry.VIDEO_PART, objectKey, sha256, size, null);
        Optional<InputStream> object = store.open(objectKey);
        if (object.isEmpty()) {
            f.missing(name + " is not in the archive (" + objectKey + ")");
            f.objects.add(part.absent());
            return null;
        }
        f.objects.add(part);
        try (InputStream raw = object.get()) {
            HashingStream in = new HashingStream(raw);
            if (warc) {
                readWarc(in, name, f);
            }
            in.transferTo(OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(in.sha256.digest());
            if (!actual.equals(sha256)) {
                f.mismatch(name + " SHA-256 differs (" + actual + ")");
                return new Checked(actual, false);
            }
            if (in.size != size) {
                f.mismatch(name + " is " + in.size + " bytes, not " + size);
                return new Checked(actual, false);
            }
            return new Checked(actual, objectKey.equals(ArchiveStore.contentKey(sha256)));
        } catch (IOException e) {
            throw new StorageException("cannot read " + objectKey + ": " + e.getMessage(), e);
        }
    }

    private record Checked(String sha256, boolean intact) {
    }

    private static void readWarc(HashingStream in, String name, Findings f) throws IOException {
        try {
            VideoWarcCheck.check(in, name, f);
        } catch (IOException | RuntimeException e) {
            // jwarc reports a malformed record as a ParsingException (an IOException) or an unchecked exception.
            if (e instanceof IOException io && PostVerifier.isUnreachable(e)) {
                throw io;
            }
            f.mismatch(name + " is not a readable WARC (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
