package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.ToolInfo;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A capture as one gzipped WARC (ISO 28500) object.
 * <ul>
 * <li>HTTP: a {@code request} record (the request line and headers sent), a {@code response} record (status line,
 *     headers and the body as received, {@code WARC-Payload-Digest} its SHA-256) and a {@code metadata} record saying
 *     what the client did to the bytes, every vetted address, and the TLS chain as DER.</li>
 * <li>Jetstream: one {@code resource} record per frame, dated at receipt, and a {@code metadata} record for the
 *     window.</li>
 * </ul>
 * The object is named by the capture's content id ({@link #fetchId}), and record ids derive from it, so a crash
 * between this write and the publish that refetches the same body finds the same object and record ids.
 *
 * <p>Records are WARC/1.1 (ISO 28500:2017): WARC/1.0 dates have whole seconds only (jwarc truncates them), so the
 * receipt times in the archive would differ from the ones the first poll's posts carry, and a re-poll reading the
 * object back would name other fetch times than the poll that wrote it.
 */
public final class FetchWarc {
    private static final HexFormat HEX = HexFormat.of();
    private final ToolInfo tool;

    public FetchWarc(ToolInfo tool) {
        this.tool = tool;
    }

    /** SHA-256 of the target URI and the payload digest(s): the same body from the same URL is the same fetch. */
    public static String fetchId(SourceCapture capture) {
        if (capture instanceof HttpExchange e) {
            return Hashes.sha256Hex("http\n" + e.url() + "\n" + e.bodySha256());
        }
        ListeningWindow w = (ListeningWindow) capture;
        StringBuilder s = new StringBuilder("jetstream\n").append(w.endpoint()).append('\n');
        w.frames().forEach(f -> s.append(Hashes.sha256Hex(f.bytes())).append('\n'));
        w.oversized().forEach(o -> s.append("oversized ").append(o.afterFrames()).append(' ').append(o.sha256()).append('\n'));
        return Hashes.sha256Hex(s.toString());
    }

    public static String recordId(String fetchId, String role) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((fetchId + "\u0000" + role).getBytes(StandardCharsets.UTF_8));
    }

    public byte[] write(SourceCapture capture) throws IOException {
        String fetchId = fetchId(capture);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WarcWriter writer = new WarcWriter(Channels.newChannel(out), WarcCompression.GZIP)) {
            if (capture instanceof HttpExchange e) {
                writeHttp(writer, fetchId, e);
            } else {
                writeWindow(writer, fetchId, (ListeningWindow) capture);
            }
        }
        return out.toByteArray();
    }

    private void writeHttp(WarcWriter writer, String fetchId, HttpExchange e) throws IOException {
        URI responseId = URI.create(recordId(fetchId, "response"));
        StringBuilder request = new StringBuilder("GET ").append(pathAndQuery(e.url())).append(" HTTP/1.1\r\n");
        e.requestHeaders().forEach((name, values) -> values.forEach(v -> request.append(name).append(": ").append(v).append("\r\n")));
        request.append("\r\n");
        writer.write(new WarcRequest.Builder(e.url()).version(MessageVersion.WARC_1_1).recordId(URI.create(recordId(fetchId, "request"))).date(e.startedAt())
                .body(MediaType.HTTP_REQUEST, request.toString().getBytes(StandardCharsets.ISO_8859_1))
                .concurrentTo(responseId).build());

        ByteArrayOutputStream http = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(e.httpVersion()).append(' ').append(e.status()).append(' ').append(reason(e.status())).append("\r\n");
        List<String> removed = new ArrayList<>();
        e.responseHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("transfer-encoding")) {
                values.forEach(v -> removed.add(name + ": " + v));
            } else {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        boolean addedLength = e.responseHeaders().keySet().stream().noneMatch(n -> n.equalsIgnoreCase("content-length"));
        if (addedLength) {
            head.append("content-length: ").append(e.body().length).append("\r\n");
        }
        head.append("\r\n");
        http.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        http.write(e.body());
        byte[] block = http.toByteArray();
        WarcResponse.Builder response = new WarcResponse.Builder(e.url()).version(MessageVersion.WARC_1_1).recordId(responseId).date(e.receivedAt())
                .body(MediaType.HTTP_RESPONSE, block)
                .blockDigest(new WarcDigest("sha256", sha256(block)))
                .payloadDigest(new WarcDigest("sha256", sha256(e.body())));
        if (e.certainAddress() != null) {
            response.ipAddress(InetAddress.getByName(e.certainAddress()));
        }
        writer.write(response.build());

        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("software", List.of(tool.name() + "/" + tool.version()));
        fields.put("payload", List.of("the entity body as transferred: Accept-Encoding: identity was sent and no content coding was"
                + " decoded; only HTTP/1.1 chunked framing was removed by the client"));
        if (!removed.isEmpty()) {
            fields.put("removed-header", removed);
        }
        if (addedLength) {
            fields.put("added-header", List.of("content-length: " + e.body().length + " (the response had none)"));
        }
        fields.put("header-names", List.of("as the JDK HTTP client reports them: lower case, grouped by name"));
        e.redirects().forEach(r -> fields.computeIfAbsent("redirected-from", k -> new ArrayList<>()).add(r));
        e.vettedAddresses().forEach(a -> fields.computeIfAbsent("vetted-address", k -> new ArrayList<>()).add(a.getHostAddress()));
        if (e.certainAddress() == null && !e.vettedAddresses().isEmpty()) {
            fields.put("connected-address", List.of("one of the vetted addresses; the client does not report which"));
        }
        e.tlsChain().forEach(der -> fields.computeIfAbsent("tls-peer-certificate", k -> new ArrayList<>())
                .add(Base64.getEncoder().encodeToString(der)));
        writer.write(new WarcMetadata.Builder().version(MessageVersion.WARC_1_1).targetURI(e.url()).recordId(URI.create(recordId(fetchId, "metadata")))
                .date(e.receivedAt()).concurrentTo(responseId).fields(fields).build());
    }

    private void writeWindow(WarcWriter writer, String fetchId, ListeningWindow w) throws IOException {
        for (int i = 0; i < w.frames().size(); i++) {
            ListeningWindow.Frame f = w.frames().get(i);
            byte[] digest = sha256(f.bytes());
            // WARC/1.1: its WARC-Date keeps fractions of a second (jwarc cuts a WARC/1.0 date to whole seconds), and
            // frames of one window are often milliseconds apart.
            writer.write(new WarcResource.Builder(w.endpoint()).version(MessageVersion.WARC_1_1).recordId(URI.create(recordId(fetchId, "frame-" + i)))
                    .date(f.receivedAt()).body(MediaType.parse("application/json"), f.bytes())
                    .blockDigest(new WarcDigest("sha256", digest)).payloadDigest(new WarcDigest("sha256", digest)).build());
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("software", List.of(tool.name() + "/" + tool.version()));
        fields.put("window-opened", List.of(w.openedAt().toString()));
        fields.put("window-closed", List.of(w.closedAt().toString()));
        fields.put("frames", List.of(Integer.toString(w.frames().size())));
        // Received but above collector.jetstream.max-frame-bytes: never held, so only its size and hash are known.
        w.oversized().forEach(o -> fields.computeIfAbsent("oversized-frame", k -> new ArrayList<>())
                .add("after-frames=" + o.afterFrames() + " received=" + o.receivedAt() + " bytes=" + o.bytes() + " sha256=" + o.sha256()));
        fields.put("payload", List.of("each resource record is one WebSocket text message as its UTF-8 bytes, dated at receipt"));
        writer.write(new WarcMetadata.Builder().version(MessageVersion.WARC_1_1).targetURI(w.endpoint())
                .recordId(URI.create(recordId(fetchId, "window")))
                .date(w.closedAt()).fields(fields).build());
    }

    /** What {@link #write} recorded, read back from the object's bytes (an earlier write of the same fetch). */
    public static PreservedCapture read(String warcKey, byte[] warc) throws IOException {
        String url = null;
        Instant started = null;
        Integer status = null;
        String address = null;
        List<String> tls = new ArrayList<>();
        List<PreservedCapture.PayloadRecord> payloads = new ArrayList<>();
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (r instanceof WarcRequest req) {
                    started = req.date();
                } else if (r instanceof WarcResponse res) {
                    url = res.target();
                    status = res.http().status();
                    address = res.ipAddress().map(InetAddress::getHostAddress).orElse(null);
                    byte[] body = res.http().body().stream().readAllBytes();
                    payloads.add(new PreservedCapture.PayloadRecord(res.id().toString(), res.date(), Hashes.sha256Hex(body), body.length));
                } else if (r instanceof WarcResource frame) {
                    url = frame.target();
                    byte[] body = frame.body().stream().readAllBytes();
                    payloads.add(new PreservedCapture.PayloadRecord(frame.id().toString(), frame.date(), Hashes.sha256Hex(body), body.length));
                } else if (r instanceof WarcMetadata meta) {
                    for (String der : meta.fields().all("tls-peer-certificate")) {
                        tls.add(Hashes.sha256Hex(Base64.getDecoder().decode(der)));
                    }
                    if (started == null) {
                        started = meta.fields().first("window-opened").map(Instant::parse).orElse(null);
                    }
                }
            }
        }
        if (payloads.isEmpty()) {
            throw new IOException("no response or resource record in " + warcKey);
        }
        String key = warcKey.substring(warcKey.lastIndexOf('/') + 1);
        String fetchId = key.substring(0, key.indexOf('.'));
        return new PreservedCapture(fetchId, warcKey, url, started, status, address, tls, payloads);
    }

    /** What this capture will look like in the archive, without reading it back. */
    public static PreservedCapture describe(String warcKey, SourceCapture capture) {
        String fetchId = fetchId(capture);
        if (capture instanceof HttpExchange e) {
            return new PreservedCapture(fetchId, warcKey, e.url().toString(), e.startedAt(), e.status(), e.certainAddress(),
                    e.tlsChain().stream().map(Hashes::sha256Hex).toList(),
                    List.of(new PreservedCapture.PayloadRecord(recordId(fetchId, "response"), e.receivedAt(), e.bodySha256(), e.body().length)));
        }
        ListeningWindow w = (ListeningWindow) capture;
        List<PreservedCapture.PayloadRecord> frames = new ArrayList<>();
        for (int i = 0; i < w.frames().size(); i++) {
            ListeningWindow.Frame f = w.frames().get(i);
            frames.add(new PreservedCapture.PayloadRecord(recordId(fetchId, "frame-" + i), f.receivedAt(), Hashes.sha256Hex(f.bytes()), f.bytes().length));
        }
        return new PreservedCapture(fetchId, warcKey, w.endpoint().toString(), w.openedAt(), null, null, List.of(), frames);
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static byte[] sha256(byte[] bytes) {
        return HEX.parseHex(Hashes.sha256Hex(bytes));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 203 -> "Non-Authoritative Information";
            default -> "";
        };
    }
}
