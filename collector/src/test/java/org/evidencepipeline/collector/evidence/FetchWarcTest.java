package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.collector.http.FetchRequest;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTargetRecord;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fetch WARC written from a real exchange (the real {@link PoliteFetcher} against a local replay server, over TLS
 * with a certificate the test trusts) and read back with jwarc holds what happened on the wire, never the token, and
 * {@link FetchWarc#read} of it says exactly what {@link FetchWarc#describe} said before it was written.
 */
class FetchWarcTest {
    private static final String TOKEN = "s3cr3t-token-that-must-not-be-archived";
    private static final byte[] BODY = "[{\"id\":\"1\",\"content\":\"Привіт, Харків\"},{\"id\":\"2\",\"content\":\"ok\"}]"
            .getBytes(StandardCharsets.UTF_8);
    private final FetchWarc warc = new FetchWarc(ArchivedFetches.TOOL);

    @Test
    void anHttpsExchangeIsItsRequestResponseAndMetadataWithTheTlsChainAndNeverTheToken() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate();
        try (FeedReplayServer tls = FeedReplayServer.startHttps(cert)) {
            tls.serve("/api/v1/timelines/public?limit=2", BODY, "application/json; charset=utf-8");
            HttpExchange exchange = trusting(cert).get(new FetchRequest(URI.create(tls.url("/api/v1/timelines/public?limit=2")),
                    null, null, Map.of("Authorization", "Bearer " + TOKEN))).exchange();
            byte[] bytes = warc.write(exchange);

            assertThat(new String(gunzip(bytes), StandardCharsets.ISO_8859_1)).as("the WARC, uncompressed")
                    .doesNotContain(TOKEN).contains("WARC/1.1");
            List<Rec> records = records(bytes);
            assertThat(records).extracting(Rec::type).containsExactly("request", "response", "metadata");
            String fetchId = FetchWarc.fetchId(exchange);
            assertThat(records).extracting(Rec::id).containsExactly(FetchWarc.recordId(fetchId, "request"),
                    FetchWarc.recordId(fetchId, "response"), FetchWarc.recordId(fetchId, "metadata"));

            Rec request = records.get(0);
            assertThat(request.target()).isEqualTo(tls.url("/api/v1/timelines/public?limit=2"));
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.requestTarget()).isEqualTo("/api/v1/timelines/public?limit=2");
            assertThat(tls.requests("/api/v1/timelines/public?limit=2").get(0).header("Authorization"))
                    .as("the token did go to its origin").isEqualTo("Bearer " + TOKEN);
            assertThat(request.http().first("Authorization")).contains("[redacted]");
            assertThat(request.http().first("Accept-Encoding")).contains("identity");
            assertThat(request.http().first("User-Agent")).contains("test-agent");
            assertThat(request.date()).isEqualTo(exchange.startedAt());

            Rec response = records.get(1);
            assertThat(response.payload()).as("payload is the body the server sent, byte for byte").isEqualTo(BODY);
            assertThat(response.payloadDigest()).hasValueSatisfying(d -> {
                assertThat(d.algorithm()).isEqualTo("sha256");
                assertThat(d.hex()).isEqualTo(Hashes.sha256Hex(BODY));
            });
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.http().first("content-type")).contains("application/json; charset=utf-8");
            assertThat(response.ipAddress()).contains(InetAddress.getByName("127.0.0.1"));
            assertThat(response.date()).as("sub-second receipt time kept").isEqualTo(exchange.receivedAt());
            assertThat(response.concurrentTo()).isEmpty();
            assertThat(request.concurrentTo()).extracting(URI::toString).containsExactly(response.id());

            Rec metadata = records.get(2);
            assertThat(metadata.fields().all("vetted-address")).containsExactly("127.0.0.1");
            assertThat(metadata.fields().all("tls-peer-certificate")).as("the server's chain as DER, leaf first")
                    .containsExactly(Base64.getEncoder().encodeToString(cert.certificate().getEncoded()));
            assertThat(metadata.fields().first("software")).contains("collector/test");
            assertThat(metadata.concurrentTo()).extracting(URI::toString).containsExactly(response.id());

            String key = ArchiveStore.fetchWarcKey(fetchId);
            PreservedCapture described = FetchWarc.describe(key, exchange);
            assertThat(FetchWarc.read(key, bytes)).as("read back = described").isEqualTo(described);
            assertThat(described.tlsPeerCertificateSha256()).containsExactly(Hashes.sha256Hex(cert.certificate().getEncoded()));
            assertThat(described.resolvedAddress()).isEqualTo("127.0.0.1");
            assertThat(described.httpStatus()).isEqualTo(200);
        }
    }

    @Test
    void aChunkedPlainHttpResponseIsStoredWithItsLengthAndSaysWhatWasChanged() throws Exception {
        try (FeedReplayServer http = FeedReplayServer.start()) {
            http.serve("/feed.xml", FeedReplayServer.Response.chunked(BODY, "application/rss+xml"));
            HttpExchange exchange = fetcher().get(FetchRequest.of(http.url("/feed.xml"))).exchange();
            assertThat(exchange.responseHeaders()).containsKey("transfer-encoding");
            byte[] bytes = warc.write(exchange);

            List<Rec> records = records(bytes);
            Rec response = records.get(1);
            assertThat(response.payload()).isEqualTo(BODY);
            assertThat(response.http().first("transfer-encoding")).isEmpty();
            assertThat(response.http().first("content-length")).contains(Integer.toString(BODY.length));
            Rec metadata = records.get(2);
            assertThat(metadata.fields().all("removed-header")).containsExactly("transfer-encoding: chunked");
            assertThat(metadata.fields().first("added-header")).hasValueSatisfying(v -> assertThat(v).startsWith("content-length: " + BODY.length));
            assertThat(metadata.fields().all("tls-peer-certificate")).as("plain http has no chain").isEmpty();

            String key = ArchiveStore.fetchWarcKey(FetchWarc.fetchId(exchange));
            assertThat(FetchWarc.read(key, bytes)).isEqualTo(FetchWarc.describe(key, exchange));
        }
    }

    @Test
    void aStatusWithoutAReasonPhraseWeKnowStillReadsBack() throws Exception {
        HttpExchange exchange = new HttpExchange(URI.create("http://127.0.0.1:1/x"), List.of(), Map.of("Host", List.of("127.0.0.1:1")),
                "HTTP/1.1", 206, Map.of("content-type", List.of("text/plain")), BODY, Instant.parse("2026-11-20T10:00:00.123456Z"),
                Instant.parse("2026-11-20T10:00:00.654321Z"), List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")),
                List.of());
        byte[] bytes = warc.write(exchange);
        String key = ArchiveStore.fetchWarcKey(FetchWarc.fetchId(exchange));

        PreservedCapture read = FetchWarc.read(key, bytes);
        assertThat(read).isEqualTo(FetchWarc.describe(key, exchange));
        assertThat(read.httpStatus()).isEqualTo(206);
        assertThat(read.resolvedAddress()).as("two vetted addresses: which one was connected to is not known").isNull();
        Rec metadata = records(bytes).get(2);
        assertThat(metadata.fields().all("vetted-address")).containsExactly("127.0.0.1", "127.0.0.2");
        assertThat(metadata.fields().first("connected-address")).isPresent();
    }

    @Test
    void aListeningWindowIsOneResourceRecordPerFrameDatedAtReceipt() throws Exception {
        byte[] first = "{\"did\":\"did:plc:a\",\"time_us\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"did\":\"did:plc:b\",\"text\":\"Харків\"}".getBytes(StandardCharsets.UTF_8);
        ListeningWindow window = new ListeningWindow(URI.create("ws://127.0.0.1:1/subscribe"), Instant.parse("2026-11-20T10:00:00.000001Z"),
                Instant.parse("2026-11-20T10:00:05.5Z"), List.of(new ListeningWindow.Frame(Instant.parse("2026-11-20T10:00:01.250Z"), first),
                new ListeningWindow.Frame(Instant.parse("2026-11-20T10:00:03.999999Z"), second)));
        byte[] bytes = warc.write(window);

        List<Rec> records = records(bytes);
        assertThat(records).extracting(Rec::type).containsExactly("resource", "resource", "metadata");
        assertThat(records.get(0).payload()).isEqualTo(first);
        assertThat(records.get(1).payload()).isEqualTo(second);
        assertThat(records.get(1).date()).isEqualTo(Instant.parse("2026-11-20T10:00:03.999999Z"));
        assertThat(records.get(1).payloadDigest()).hasValueSatisfying(d -> assertThat(d.hex()).isEqualTo(Hashes.sha256Hex(second)));

        String key = ArchiveStore.fetchWarcKey(FetchWarc.fetchId(window));
        assertThat(FetchWarc.read(key, bytes)).isEqualTo(FetchWarc.describe(key, window));
    }

    @Test
    void theSameBodyFromTheSameUrlIsTheSameFetchWhateverItsTimes() throws Exception {
        try (FeedReplayServer http = FeedReplayServer.start()) {
            http.serve("/feed.xml", BODY, "application/rss+xml");
            PoliteFetcher fetcher = fetcher();
            HttpExchange one = fetcher.get(FetchRequest.of(http.url("/feed.xml"))).exchange();
            HttpExchange two = fetcher.get(FetchRequest.of(http.url("/feed.xml"))).exchange();
            http.serve("/feed.xml", "changed", "application/rss+xml");
            HttpExchange three = fetcher.get(FetchRequest.of(http.url("/feed.xml"))).exchange();

            assertThat(FetchWarc.fetchId(two)).isEqualTo(FetchWarc.fetchId(one));
            assertThat(FetchWarc.fetchId(three)).isNotEqualTo(FetchWarc.fetchId(one));
            // what a re-poll finds in the archive is the first fetch, with its own times
            String key = ArchiveStore.fetchWarcKey(FetchWarc.fetchId(one));
            PreservedCapture archived = FetchWarc.read(key, warc.write(one));
            assertThat(archived).isEqualTo(FetchWarc.describe(key, one));
            assertThat(archived.records().get(0).recordId()).isEqualTo(FetchWarc.describe(key, two).records().get(0).recordId());
        }
    }

    private static PoliteFetcher fetcher() {
        Clock clock = Clock.systemUTC();
        return new PoliteFetcher("test-agent", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
    }

    /**
     * The real fetcher, trusting {@code cert}. PoliteFetcher takes the JVM's default TLS context when it builds its
     * client (it has no trust setting of its own), so the default is swapped for that moment only; tests in this
     * module run one at a time.
     */
    private static PoliteFetcher trusting(SelfSignedCertificate cert) throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, new TrustManager[]{cert.trustManager()}, null);
        SSLContext.setDefault(trusting);
        try {
            return fetcher();
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    /** What jwarc reads from a record, taken while the reader is on it (its body is a stream over the file). */
    record Rec(String type, String id, Instant date, String target, List<URI> concurrentTo, Optional<WarcDigest> payloadDigest,
               Optional<InetAddress> ipAddress, String method, String requestTarget, int status, MessageHeaders http,
               byte[] payload, MessageHeaders fields) {
    }

    static List<Rec> records(byte[] warc) throws Exception {
        List<Rec> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                String target = r instanceof WarcTargetRecord t ? t.target() : null;
                Optional<WarcDigest> digest = r instanceof WarcTargetRecord t ? t.payloadDigest() : Optional.empty();
                List<URI> concurrent = r instanceof WarcCaptureRecord c ? c.concurrentTo() : List.of();
                Optional<InetAddress> ip = r instanceof WarcCaptureRecord c ? c.ipAddress() : Optional.empty();
                if (r instanceof WarcResponse res) {
                    out.add(new Rec(r.type(), r.id().toString(), r.date(), target, concurrent, digest, ip, null, null,
                            res.http().status(), res.http().headers(), res.http().body().stream().readAllBytes(), null));
                } else if (r instanceof WarcRequest req) {
                    out.add(new Rec(r.type(), r.id().toString(), r.date(), target, concurrent, digest, ip, req.http().method(),
                            req.http().target(), 0, req.http().headers(), null, null));
                } else if (r instanceof WarcMetadata meta) {
                    out.add(new Rec(r.type(), r.id().toString(), r.date(), target, concurrent, digest, ip, null, null, 0, null, null,
                            meta.fields()));
                } else if (r instanceof WarcResource res) {
                    out.add(new Rec(r.type(), r.id().toString(), r.date(), target, concurrent, digest, ip, null, null, 0, null,
                            res.body().stream().readAllBytes(), null));
                } else {
                    out.add(new Rec(r.type(), r.id().toString(), r.date(), target, concurrent, digest, ip, null, null, 0, null, null, null));
                }
            }
        }
        return out;
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
