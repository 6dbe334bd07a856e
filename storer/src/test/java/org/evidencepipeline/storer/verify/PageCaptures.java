package org.evidencepipeline.storer.verify;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Page captures written to the archive exactly as the capturer writes them: the five artifacts as content objects
 * ({@code sha256/…}), the page provenance record, the content index entry of each artifact and the post's page index
 * entry, with real bytes: an HTML page, its rendered DOM, PNGs drawn with ImageIO, and a gzipped WARC/1.1 written with
 * jwarc (a redirect, the final URL's request and response, a subresource, and a refusal metadata record).
 */
final class PageCaptures {
    static final String REFUSED_URL = "http://10.1.2.3/tracker.png";
    static final List<String> ROLES = List.of(PageArtifact.HTML_SOURCE, PageArtifact.RENDERED_DOM, PageArtifact.SCREENSHOT,
            PageArtifact.SCREENSHOT_STAMPED, PageArtifact.WARC);
    private static final ToolInfo CAPTURER = new ToolInfo("capturer", "test", "x");
    private static final EventCodec CODEC = new EventCodec();

    /** How the WARC records the page: as the proxy does, or wrong in one way. */
    enum Warc {
        /** Transfer coding removed, headers as the proxy writes them, every refusal recorded. */
        AS_RECORDED,
        /** The same body still in HTTP/1.1 chunked framing, {@code Transfer-Encoding: chunked} kept. */
        CHUNKED,
        /** The final URL's response holds other bytes than the html-source artifact. */
        OTHER_PAYLOAD,
        /** The refused request has no refusal record. */
        NO_REFUSAL,
        /** The record id the provenance names for the main document is the image's response. */
        DOCUMENT_ID_ON_THE_IMAGE,
        /** Not a WARC at all (but stored and hashed as the WARC artifact). */
        GARBAGE
    }

    record Capture(PageProvenance provenance, Map<String, byte[]> bytes) {
        String captureId() {
            return provenance.captureId();
        }

        String postId() {
            return provenance.postId();
        }

        String provenanceKey() {
            return ArchiveStore.pageProvenanceKey(captureId());
        }

        PageArtifact artifact(String role) {
            return provenance.artifact(role).orElseThrow();
        }
    }

    private PageCaptures() {
    }

    static Capture build(String postId, Warc warc) throws IOException {
        return build(postId, warc, 0);
    }

    /** A capture of post {@code postId}'s page; {@code variant} changes the screenshot's pixels (a forger's copy). */
    static Capture build(String postId, Warc warc, int variant) throws IOException {
        String pageUrl = "http://127.0.0.1:8089/p/" + postId;
        String finalUrl = pageUrl + "/final";
        String captureId = PageProvenance.idFor(postId, 1, pageUrl);
        byte[] html = ("<!doctype html><html><head><title>" + postId + "</title></head><body><h1>Пост " + postId
                + "</h1><img src=\"/img.png\"><img src=\"" + REFUSED_URL + "\"><script>document.body.dataset.done='yes'</script>"
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        byte[] dom = ("<!DOCTYPE html><html><head><title>" + postId + "</title></head><body data-done=\"yes\"><h1>Пост " + postId
                + "</h1><img src=\"/img.png\"><img src=\"" + REFUSED_URL + "\"></body></html>").getBytes(StandardCharsets.UTF_8);
        int seed = postId.hashCode() * 31 + variant;
        byte[] png = png(seed, false);
        byte[] stamped = png(seed, true);
        byte[] image = png(seed + 7, false);
        String documentRecordId = "<urn:uuid:" + UUID.nameUUIDFromBytes((captureId + "document").getBytes(StandardCharsets.UTF_8)) + ">";
        byte[] warcBytes = warc == Warc.GARBAGE ? ("not a WARC " + postId).getBytes(StandardCharsets.UTF_8)
                : warc(pageUrl, finalUrl, documentRecordId, warc == Warc.OTHER_PAYLOAD
                        ? (new String(html, StandardCharsets.UTF_8) + "<!-- other -->").getBytes(StandardCharsets.UTF_8) : html,
                image, warc);
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        bytes.put(PageArtifact.HTML_SOURCE, html);
        bytes.put(PageArtifact.RENDERED_DOM, dom);
        bytes.put(PageArtifact.SCREENSHOT, png);
        bytes.put(PageArtifact.SCREENSHOT_STAMPED, stamped);
        bytes.put(PageArtifact.WARC, warcBytes);
        Map<String, String> types = Map.of(PageArtifact.HTML_SOURCE, "text/html; charset=utf-8", PageArtifact.RENDERED_DOM,
                "text/html; charset=utf-8", PageArtifact.SCREENSHOT, "image/png", PageArtifact.SCREENSHOT_STAMPED, "image/png",
                PageArtifact.WARC, "application/warc");
        List<PageArtifact> artifacts = new ArrayList<>();
        bytes.forEach((role, b) -> {
            String sha = Hashes.sha256Hex(b);
            artifacts.add(new PageArtifact(role, ArchiveStore.contentKey(sha), sha, b.length, types.get(role)));
        });
        Instant started = Instant.parse("2026-12-02T01:00:00.123Z");
        PageProvenance p = new PageProvenance(PageProvenance.SCHEMA_VERSION, PageProvenance.KIND, captureId, postId, 1, "rss",
                List.of("page-watch"), pageUrl, finalUrl, List.of(finalUrl),
                new PageProvenance.Document(200, "text/html; charset=utf-8", "127.0.0.1", List.of(), documentRecordId),
                new PageProvenance.Browser("Chromium", "156.0.0.0", "chromedriver 156.0.0.0", "Mozilla/5.0 test", 1280, 800, 1.0, true),
                new PageProvenance.Proxy("capturer-proxy/test", "ab".repeat(32), 4, 1),
                started, started.plusMillis(800), started.plusMillis(1500),
                new PageProvenance.Screenshot(64, 300, 300, false), artifacts,
                List.of(new PageProvenance.RefusedRequest(REFUSED_URL, "10.1.2.3 is in a network the address policy refuses",
                        started.plusMillis(400))),
                "evidence-archive", new KafkaCoordinates("pages.requested.v1", 0, 7), CAPTURER, null,
                PageProvenance.Prov.of(captureId, CAPTURER, finalUrl, artifacts));
        return new Capture(p, bytes);
    }

    /** Stores the capture as the capturer does: artifacts first, then the record, then the index entries. */
    static void write(ArchiveStore store, Capture c) throws Exception {
        for (PageArtifact a : c.provenance().artifacts()) {
            store.putBytes(a.objectKey(), c.bytes().get(a.role()), a.contentType());
        }
        byte[] record = CODEC.write(c.provenance());
        store.putBytes(c.provenanceKey(), record, "application/json");
        byte[] key = c.provenanceKey().getBytes(StandardCharsets.UTF_8);
        for (PageArtifact a : c.provenance().artifacts()) {
            store.putBytes(ArchiveStore.contentIndexKey(a.sha256(), c.captureId()), key, "text/plain");
        }
        store.putBytes(ArchiveStore.postPagesIndexKey(c.postId(), c.provenance().postVersion(), c.captureId()), key, "text/plain");
        // The collection index is the storer's (it records the post's archive record); written here for the collection scope.
        for (String collection : c.provenance().collectionIds()) {
            store.putBytes("index/collections/" + collection + "/" + ArchiveIndex.postHash(c.postId()),
                    c.postId().getBytes(StandardCharsets.UTF_8), "text/plain");
        }
    }

    /** An RFC 3161 token from the test TSA over the SHA-256 of {@code document}, as the capturer requests one. */
    static byte[] timestamp(String tsaUrl, byte[] document) throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256,
                HexFormat.of().parseHex(Hashes.sha256Hex(document)), BigInteger.valueOf(System.nanoTime()));
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tsaUrl))
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
        TimeStampResponse tsr = new TimeStampResponse(response.body());
        tsr.validate(request);
        return tsr.getTimeStampToken().getEncoded();
    }

    private static byte[] png(int seed, boolean strip) throws IOException {
        BufferedImage image = new BufferedImage(64, strip ? 340 : 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(new Color(seed & 0xffffff));
        g.fillRect(4, strip ? 44 : 4, 40, 200);
        if (strip) {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, 64, 40);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] warc(String pageUrl, String finalUrl, String documentRecordId, byte[] html, byte[] image, Warc style)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant at = Instant.parse("2026-12-02T01:00:00.200Z");
        try (WarcWriter writer = new WarcWriter(Channels.newChannel(out), WarcCompression.GZIP)) {
            writer.write(new Warcinfo.Builder().version(MessageVersion.WARC_1_1).date(at)
                    .fields(Map.of("software", List.of("capturer-proxy/test"), "format", List.of("WARC File Format 1.1"))).build());
            exchange(writer, pageUrl, "HTTP/1.1 302 Found\r\nLocation: " + finalUrl + "\r\ncontent-length: 0\r\n\r\n", new byte[0],
                    null, at);
            boolean chunked = style == Warc.CHUNKED;
            String head = "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "content-length: " + html.length + "\r\n") + "\r\n";
            boolean misnamed = style == Warc.DOCUMENT_ID_ON_THE_IMAGE;
            exchange(writer, finalUrl, head, chunked ? chunk(html) : html, misnamed ? null : documentRecordId, at.plusMillis(10));
            exchange(writer, URI.create(finalUrl).resolve("/img.png").toString(),
                    "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: " + image.length + "\r\n\r\n", image,
                    misnamed ? documentRecordId : null, at.plusMillis(20));
            if (style != Warc.NO_REFUSAL) {
                Map<String, List<String>> fields = new LinkedHashMap<>();
                fields.put("refused", List.of("10.1.2.3 is in a network the address policy refuses"));
                fields.put("refused-at", List.of(at.plusMillis(30).toString()));
                writer.write(new WarcMetadata.Builder().version(MessageVersion.WARC_1_1).targetURI(REFUSED_URL).date(at.plusMillis(30))
                        .fields(fields).build());
            }
        }
        return out.toByteArray();
    }

    private static void exchange(WarcWriter writer, String url, String head, byte[] body, String responseId, Instant at) throws IOException {
        URI id = URI.create(responseId == null ? "urn:uuid:" + UUID.randomUUID() : responseId.substring(1, responseId.length() - 1));
        URI u = URI.create(url);
        writer.write(new WarcRequest.Builder(u).version(MessageVersion.WARC_1_1).date(at).concurrentTo(id)
                .body(MediaType.HTTP_REQUEST, ("GET " + u.getRawPath() + " HTTP/1.1\r\nhost: " + u.getAuthority() + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)).build());
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(head.getBytes(StandardCharsets.ISO_8859_1));
        block.write(body);
        byte[] b = block.toByteArray();
        WarcResponse.Builder response = new WarcResponse.Builder(u).version(MessageVersion.WARC_1_1).recordId(id).date(at)
                .body(MediaType.HTTP_RESPONSE, b).blockDigest(new WarcDigest("sha256", HexFormat.of().parseHex(Hashes.sha256Hex(b))))
                .ipAddress(InetAddress.getByName("127.0.0.1"));
        if (!head.contains("chunked")) {
            response.payloadDigest(new WarcDigest("sha256", HexFormat.of().parseHex(Hashes.sha256Hex(body))));
        }
        writer.write(response.build());
    }

    private static byte[] chunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int half = body.length / 2;
        for (int[] range : new int[][] {{0, half}, {half, body.length}}) {
            out.writeBytes((Integer.toHexString(range[1] - range[0]) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, range[0], range[1] - range[0]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\nx-trailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
