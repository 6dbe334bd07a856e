package org.evidencepipeline.storer.verify;

import org.evidencepipeline.contracts.PageProvenance;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a page capture's WARC back and checks what the page provenance record says it holds: the response record of
 * the page's final URL (the one {@link PageProvenance.Document#warcRecordId} names, when it names one), whose payload
 * hashes to the html-source artifact, its recorded digests, and one refusal record per refused request.
 *
 * <p>The payload is the recorded entity body with transfer coding removed and content coding kept, the convention of
 * the collector's fetch WARCs (chunked framing removed, {@code Transfer-Encoding} dropped): exactly what the
 * html-source artifact holds. A record still marked {@code Transfer-Encoding: chunked} is de-chunked before hashing
 * (by jwarc), so either way of recording the same bytes verifies; its {@code WARC-Payload-Digest} is then not compared,
 * as writers differ on whether it covers the framing. A refusal record is a {@code metadata} record whose
 * {@code WARC-Target-URI} is the refused URL and which has a field named {@code refused} (or another name starting
 * with {@code refus}) giving the reason.
 */
final class PageWarcCheck {
    private PageWarcCheck() {
    }

    /**
     * Scans the WARC stream to its end, adding what it found to {@code f}.
     *
     * @throws IOException when the stream itself fails or the WARC cannot be parsed (the caller tells which)
     */
    static void check(InputStream warc, String warcKey, PageProvenance p, String htmlSha256, Findings f) throws IOException {
        String recordId = p.document() == null ? null : p.document().warcRecordId();
        Map<String, Integer> refusalRecords = new HashMap<>();
        boolean found = false;
        try (WarcReader reader = new WarcReader(warc)) {
            reader.calculateBlockDigest();
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (r instanceof WarcResponse res && !found && isDocument(res, recordId, p.finalUrl())) {
                    found = true;
                    checkDocument(res, p, htmlSha256, f);
                } else if (r instanceof WarcMetadata meta && isRefusal(meta)) {
                    refusalRecords.merge(normal(meta.target()), 1, Integer::sum);
                }
            }
        }
        if (!found) {
            f.mismatch(recordId != null
                    ? "WARC " + warcKey + " holds no response record " + recordId + " (the main document's)"
                    : "WARC " + warcKey + " holds no response record for the final URL " + p.finalUrl());
        }
        int unrecorded = 0;
        for (PageProvenance.RefusedRequest refused : p.refused()) {
            String url = normal(refused.url());
            int left = refusalRecords.getOrDefault(url, 0);
            if (left == 0) {
                unrecorded++;
                f.mismatch("refused request " + refused.url() + " has no refusal record in the WARC");
            } else {
                refusalRecords.put(url, left - 1);
            }
        }
        if (unrecorded == 0) {
            f.pass(p.refused().size() + " refused request(s), each with its refusal record in the WARC");
        }
    }

    private static boolean isDocument(WarcResponse res, String recordId, String finalUrl) {
        if (recordId != null) {
            return bare(recordId).equals(bare(res.id().toString()));
        }
        return finalUrl != null && normal(res.target()).equals(normal(finalUrl));
    }

    private static void checkDocument(WarcResponse res, PageProvenance p, String htmlSha256, Findings f) throws IOException {
        String target = normal(res.target());
        // The capturer takes the end of the recorded redirect chain when the browser spells the final URL otherwise.
        String chainEnd = normal(p.redirects().isEmpty() ? p.pageUrl() : p.redirects().get(p.redirects().size() - 1));
        if (!target.equals(normal(p.finalUrl())) && !target.equals(chainEnd)) {
            f.mismatch("response record " + res.id() + " is for " + res.target() + ", neither the final URL " + p.finalUrl()
                    + " nor the end of the recorded redirects");
        }
        boolean chunked = res.http().headers().all("Transfer-Encoding").stream().anyMatch(v -> v.toLowerCase().contains("chunked"));
        MessageDigest sha256 = sha256();
        long size = 0;
        // jwarc's HTTP body of a record still marked chunked is the de-chunked entity (a record without the framing is as is).
        // Not closed: closing it would close the record's block, whose digest is computed after.
        InputStream in = res.http().body().stream();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            sha256.update(buffer, 0, n);
            size += n;
        }
        byte[] payload = sha256.digest();
        String payloadHex = HexFormat.of().formatHex(payload);
        if (htmlSha256 == null) {
            f.mismatch("the final URL's WARC payload cannot be compared: the record names no html-source artifact");
        } else if (!payloadHex.equals(htmlSha256)) {
            f.mismatch("the final URL's WARC payload (" + size + " bytes, SHA-256 " + payloadHex
                    + ") differs from the html-source artifact " + htmlSha256);
        } else {
            f.pass("the final URL's WARC payload (" + size + " bytes) hashes to the html-source artifact");
        }
        // Recorded digests are checked when present; the WARC file as a whole is covered by its artifact hash anyway.
        Optional<WarcDigest> declared = res.payloadDigest();
        if (declared.isPresent() && !chunked) {
            if (!isSha256(declared.get())) {
                f.pass("WARC-Payload-Digest is " + declared.get().algorithm() + " (not compared)");
            } else if (!Arrays.equals(declared.get().bytes(), payload)) {
                f.mismatch("WARC-Payload-Digest " + declared.get().raw() + " of " + res.id() + " does not match its payload");
            } else {
                f.pass("WARC-Payload-Digest matches");
            }
        }
        res.body().consume();
        Optional<WarcDigest> declaredBlock = res.blockDigest();
        Optional<WarcDigest> block = res.calculatedBlockDigest();
        if (declaredBlock.isPresent() && block.isPresent()) {
            if (!Arrays.equals(declaredBlock.get().bytes(), block.get().bytes())) {
                f.mismatch("WARC-Block-Digest " + declaredBlock.get().raw() + " of " + res.id()
                        + " does not match the record's block (status line, headers and payload as recorded)");
            } else {
                f.pass("WARC-Block-Digest matches");
            }
        }
    }

    /** A record id as the WARC header writes it ({@code <urn:uuid:…>}) or as jwarc gives it ({@code urn:uuid:…}). */
    private static String bare(String id) {
        String s = id.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static boolean isRefusal(WarcMetadata meta) throws IOException {
        if (meta.targetURI() == null) {
            return false;
        }
        return meta.fields().map().keySet().stream().anyMatch(name -> name.toLowerCase().startsWith("refus"));
    }

    private static boolean isSha256(WarcDigest d) {
        return "sha256".equalsIgnoreCase(d.algorithm()) || "sha-256".equalsIgnoreCase(d.algorithm());
    }

    /** URLs compare as URIs, so {@code http://h} and {@code http://h/} or a differently cased host are one page. */
    static String normal(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI u = URI.create(url).normalize();
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase();
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
            int port = u.getPort() == -1 ? ("https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1) : u.getPort();
            return scheme + "://" + host + ":" + port + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
