package org.evidencepipeline.storer;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.SourceEvidence;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Fetch WARCs as the collector preserves them (gzipped; an HTTP fetch as request and response records, the response's
 * {@code WARC-Payload-Digest} the body's SHA-256; a Jetstream frame as a resource record; deterministic record ids), with
 * the {@link SourceEvidence} a post cut from them carries. Written here with jwarc, so the storer's tests depend on
 * nothing of the collector's: verify must read any WARC written to ISO 28500, not only ours.
 */
public final class TestFetches {
    private TestFetches() {
    }

    /** A preserved fetch: the WARC object's key and bytes, the payload, and the evidence of one item in it. */
    public record Fetch(String warcKey, byte[] warc, byte[] body, SourceEvidence evidence) {
        /** The custody ledger entry the collector publishes once it has stored this fetch WARC (it names no post). */
        public org.evidencepipeline.contracts.LedgerEntry ledgerEntry() {
            return org.evidencepipeline.contracts.LedgerEntry.of(org.evidencepipeline.contracts.LedgerEntry.FETCH_WARC, warcKey,
                    org.evidencepipeline.contracts.Hashes.sha256Hex(warc), warc.length, null, null, null, List.of(),
                    java.time.Instant.now(), null);
        }

    }

    /** An RSS feed body of the given items; the post is the item at {@code index}, its {@code <item>} element. */
    public static Fetch rss(String url, List<String> itemTitles, int index) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>feed</title>\n");
        int start = -1;
        int end = -1;
        for (int i = 0; i < itemTitles.size(); i++) {
            if (i == index) {
                start = xml.toString().getBytes(StandardCharsets.UTF_8).length;
            }
            xml.append("<item><title>").append(itemTitles.get(i)).append("</title><link>").append(url).append("/").append(i)
                    .append("</link></item>");
            if (i == index) {
                end = xml.toString().getBytes(StandardCharsets.UTF_8).length;
            }
            xml.append('\n');
        }
        xml.append("</channel></rss>\n");
        return http(url, xml.toString().getBytes(StandardCharsets.UTF_8), start, end - start, SourceEvidence.XML_ELEMENT);
    }

    /** One GET as the collector preserves it: request and response records, the item at {@code [offset, offset+length)}. */
    public static Fetch http(String url, byte[] body, long offset, long length, String kind) {
        String bodySha256 = Hashes.sha256Hex(body);
        String fetchId = Hashes.sha256Hex("http\n" + url + "\n" + bodySha256);
        String key = ArchiveStore.fetchWarcKey(fetchId);
        URI target = URI.create(url);
        URI responseId = recordId(fetchId, "response");
        Instant started = Instant.parse("2026-11-20T06:15:59Z");
        Instant received = Instant.parse("2026-11-20T06:16:00Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WarcWriter writer = new WarcWriter(Channels.newChannel(out), WarcCompression.GZIP)) {
            writer.write(new WarcRequest.Builder(target).recordId(recordId(fetchId, "request")).date(started)
                    .body(MediaType.HTTP_REQUEST, ("GET " + target.getRawPath() + " HTTP/1.1\r\nhost: " + target.getHost()
                            + "\r\naccept-encoding: identity\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))
                    .concurrentTo(responseId).build());
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.write(("HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\ncontent-length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            block.write(body);
            byte[] bytes = block.toByteArray();
            writer.write(new WarcResponse.Builder(target).recordId(responseId).date(received)
                    .body(MediaType.HTTP_RESPONSE, bytes)
                    .blockDigest(new WarcDigest("sha256", sha256(bytes)))
                    .payloadDigest(new WarcDigest("sha256", sha256(body)))
                    .ipAddress(InetAddress.getByName("127.0.0.1")).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] item = java.util.Arrays.copyOfRange(body, (int) offset, (int) (offset + length));
        SourceEvidence evidence = new SourceEvidence(fetchId, key, responseId.toString(), url, started, received, 200, "127.0.0.1",
                List.of(), bodySha256, body.length, kind, offset, length, Hashes.sha256Hex(item));
        return new Fetch(key, out.toByteArray(), body, evidence);
    }

    /** A Jetstream listening window of one frame, as one resource record; the item is the whole frame. */
    public static Fetch frame(String endpoint, byte[] frame) {
        String sha256 = Hashes.sha256Hex(frame);
        String fetchId = Hashes.sha256Hex("jetstream\n" + endpoint + "\n" + sha256 + "\n");
        String key = ArchiveStore.fetchWarcKey(fetchId);
        URI id = recordId(fetchId, "frame-0");
        Instant received = Instant.parse("2026-11-20T06:16:00Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WarcWriter writer = new WarcWriter(Channels.newChannel(out), WarcCompression.GZIP)) {
            writer.write(new WarcResource.Builder(URI.create(endpoint)).recordId(id).date(received)
                    .body(MediaType.parse("application/json"), frame)
                    .blockDigest(new WarcDigest("sha256", sha256(frame))).payloadDigest(new WarcDigest("sha256", sha256(frame))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourceEvidence evidence = new SourceEvidence(fetchId, key, id.toString(), endpoint, received.minusSeconds(5), received, null,
                null, List.of(), sha256, frame.length, SourceEvidence.JETSTREAM_FRAME, 0, frame.length, sha256);
        return new Fetch(key, out.toByteArray(), frame, evidence);
    }

    /**
     * The WARC object with one byte of the payload changed, at {@code bodyOffset}, everything else (headers, digests,
     * lengths) left as it was: what someone editing the stored bytes in place would leave.
     */
    public static byte[] withPayloadByteChanged(Fetch fetch, long bodyOffset) {
        try {
            byte[] plain = new GZIPInputStream(new ByteArrayInputStream(fetch.warc())).readAllBytes();
            int at = indexOf(plain, fetch.body());
            if (at < 0) {
                throw new IllegalStateException("payload not found in the WARC");
            }
            int pos = at + (int) bodyOffset;
            plain[pos] = (byte) (plain[pos] == 'x' ? 'y' : 'x');
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The WARC object with {@code from} replaced by {@code to} (same length) in the recorded HTTP headers, payload,
     * digests and lengths left as they were: a forged header, which only the block digest covers.
     */
    public static byte[] withHeaderChanged(Fetch fetch, String from, String to) {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("same length, so the record's Content-Length still holds");
        }
        try {
            byte[] plain = new GZIPInputStream(new ByteArrayInputStream(fetch.warc())).readAllBytes();
            int payload = indexOf(plain, fetch.body());
            int at = indexOf(plain, from.getBytes(StandardCharsets.ISO_8859_1));
            if (at < 0 || at > payload) {
                throw new IllegalStateException(from + " is not in the recorded headers");
            }
            System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, plain, at, to.length());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static URI recordId(String fetchId, String role) {
        return URI.create("urn:uuid:" + UUID.nameUUIDFromBytes((fetchId + "\u0000" + role).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        return HexFormat.of().parseHex(Hashes.sha256Hex(bytes));
    }
}
