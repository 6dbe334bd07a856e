package org.evidencepipeline.capturer.proxy;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page load as a gzipped WARC/1.1, in the collector's conventions ({@code FetchWarc}): per exchange a
 * {@code request} record (as sent to the origin), a {@code response} record (the origin's head with Transfer-Encoding
 * removed, the entity body as received, {@code WARC-Payload-Digest} and {@code WARC-Block-Digest} SHA-256,
 * {@code WARC-IP-Address} the address connected to) and a {@code metadata} record (what the proxy did to the bytes,
 * the origin's TLS chain as base64 DER). A refused request is a {@code metadata} record whose target is the refused
 * URL and whose fields give the reason: nothing was fetched, so a {@code response} or {@code resource} record would
 * claim content that never existed, and a {@code metadata} record is the WARC type for statements about a target
 * (warcprox and Heritrix likewise put crawl decisions in metadata records, never in response records).
 * WARC/1.1 because its dates keep fractions of a second, which order a page's requests.
 */
final class PageWarc {
    private static final HexFormat HEX = HexFormat.of();
    private final String software;

    PageWarc(String software) {
        this.software = software;
    }

    record Written(String sha256, long size) {
    }

    Written write(Path file, String captureId, List<SessionEntry> entries) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter writer = new WarcWriter(channel, WarcCompression.GZIP)) {
            Map<String, List<String>> info = new LinkedHashMap<>();
            info.put("software", List.of(software));
            info.put("format", List.of("WARC File Format 1.1"));
            info.put("conformsTo", List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
            info.put("description", List.of("one page load of capture " + captureId
                    + " through the capturer's recording proxy: every request the browser made, and every refusal"));
            writer.write(new Warcinfo.Builder().version(MessageVersion.WARC_1_1).date(Instant.now())
                    .filename(file.getFileName().toString()).fields(info).build());
            for (SessionEntry e : entries) {
                if (e instanceof SessionEntry.Exchange x) {
                    writeExchange(writer, x);
                } else {
                    writeRefusal(writer, (SessionEntry.Refusal) e);
                }
            }
        }
        return new Written(sha256Hex(file), Files.size(file));
    }

    private void writeExchange(WarcWriter writer, SessionEntry.Exchange x) throws IOException {
        RecordedExchange r = x.recorded();
        URI responseId = id(r.warcRecordId());
        InetAddress ip = InetAddress.getByName(r.resolvedAddress());
        writer.write(new WarcRequest.Builder(r.url()).version(MessageVersion.WARC_1_1).recordId(id(x.requestRecordId()))
                .date(r.startedAt()).body(MediaType.HTTP_REQUEST, x.requestBlock())
                .blockDigest(new WarcDigest("sha256", sha256(x.requestBlock())))
                .ipAddress(ip).concurrentTo(responseId).build());

        MessageDigest block = digest();
        block.update(x.responseHead());
        long bodySize = r.body() == null ? 0 : r.bodySize();
        if (r.body() != null) {
            try (InputStream in = Files.newInputStream(r.body())) {
                byte[] buf = new byte[64 * 1024];
                for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                    block.update(buf, 0, n);
                }
            }
        }
        InputStream content = r.body() == null ? new ByteArrayInputStream(x.responseHead())
                : new SequenceInputStream(new ByteArrayInputStream(x.responseHead()), Files.newInputStream(r.body()));
        try (content) {
            WarcResponse.Builder response = new WarcResponse.Builder(r.url()).version(MessageVersion.WARC_1_1)
                    .recordId(responseId).date(r.startedAt()).ipAddress(ip)
                    .body(MediaType.HTTP_RESPONSE, Channels.newChannel(content), x.responseHead().length + bodySize)
                    .blockDigest(new WarcDigest("sha256", block.digest()));
            if (r.body() != null) {
                response.payloadDigest(new WarcDigest("sha256", HEX.parseHex(r.bodySha256())));
            }
            if (r.truncated()) {
                response.truncated(x.cutBy() == null ? WarcTruncationReason.UNSPECIFIED : x.cutBy());
            }
            writer.write(response.build());
        }

        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("software", List.of(software));
        fields.put("payload", List.of("the entity body as the origin sent it: the browser's Accept-Encoding was passed on and"
                + " no content coding was decoded; only HTTP/1.1 chunked framing was removed by the proxy"));
        if (!x.removedHeaders().isEmpty()) {
            fields.put("removed-header", x.removedHeaders());
        }
        if (!x.addedHeaders().isEmpty()) {
            fields.put("added-header", x.addedHeaders());
        }
        fields.put("connected-address", List.of(r.resolvedAddress() + " (vetted by the address policy before connecting, and"
                + " checked again once connected)"));
        if (r.truncated()) {
            fields.put("truncated", List.of("the body was cut after " + r.bodySize() + " bytes (a cap of the proxy, or the"
                    + " connection ended early); the browser's connection was closed"));
        }
        if (x.webSocket()) {
            fields.put("websocket", List.of("the handshake is recorded; the frames that followed were relayed, not recorded"));
        }
        List<String> tls = new ArrayList<>();
        x.tlsChain().forEach(der -> tls.add(Base64.getEncoder().encodeToString(der)));
        if (!tls.isEmpty()) {
            fields.put("tls-peer-certificate", tls);
        }
        writer.write(new WarcMetadata.Builder().version(MessageVersion.WARC_1_1).targetURI(r.url())
                .recordId(URI.create("urn:uuid:" + UUID.randomUUID())).date(r.endedAt()).concurrentTo(responseId)
                .fields(fields).build());
    }

    private void writeRefusal(WarcWriter writer, SessionEntry.Refusal r) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("software", List.of(software));
        fields.put("refused", List.of(r.refused().reason()));
        fields.put("outcome", List.of("not fetched: the proxy answered the browser 403 and made no connection to the origin"));
        writer.write(new WarcMetadata.Builder().version(MessageVersion.WARC_1_1).targetURI(r.refused().url())
                .recordId(id(r.recordId())).date(r.refused().at()).fields(fields).build());
    }

    private static URI id(String bracketed) {
        return URI.create(bracketed.substring(1, bracketed.length() - 1));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
        }
        return HEX.formatHex(d.digest());
    }
}
