package org.evidencepipeline.capturer.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.Warcinfo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evidencepipeline.capturer.proxy.ProxyFixture.sha256;

class RecordingProxyHttpTest {
    private static final byte[] PAGE = "<html><body><img src=/a.png>page</body></html>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] IMAGE = ProxyFixture.bytes(70_000, 1);
    private static final byte[] CHUNKED = ProxyFixture.bytes(100_003, 2);

    @TempDir
    Path work;
    private ScriptedOrigin origin;
    private RecordingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start("127.0.0.1", null, r -> switch (r.target()) {
            case "/" -> ScriptedOrigin.ok("text/html", PAGE);
            case "/a.png" -> ScriptedOrigin.ok("image/png", IMAGE);
            case "/chunked" -> ScriptedOrigin.chunked("application/octet-stream", CHUNKED, 7_777);
            case "/echo" -> ScriptedOrigin.ok("text/plain", r.body());
            default -> ScriptedOrigin.response("404 Not Found", Map.of("Content-Length", "0"), new byte[0]);
        });
        proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ProxyFixture.CA);
    }

    @AfterEach
    void stop() {
        proxy.close();
        origin.close();
    }

    @Test
    void pageAndSubresourceAreRecordedWithTheBytesTheOriginServed() throws Exception {
        try (ProxySession session = proxy.begin("c1")) {
            ProxyClient.Response page = ProxyClient.get(proxy.address(), origin.url("/"));
            ProxyClient.Response image = ProxyClient.get(proxy.address(), origin.url("/a.png"));
            PageRecording recording = session.finish();

            assertThat(page.body()).isEqualTo(PAGE);
            assertThat(image.body()).isEqualTo(IMAGE);
            assertThat(recording.exchanges()).extracting(RecordedExchange::url).containsExactly(origin.url("/"), origin.url("/a.png"));
            RecordedExchange doc = recording.firstGet(origin.url("/")).orElseThrow();
            assertThat(doc.status()).isEqualTo(200);
            assertThat(doc.contentType()).isEqualTo("text/html");
            assertThat(doc.resolvedAddress()).isEqualTo("127.0.0.1");
            assertThat(doc.bodySha256()).isEqualTo(sha256(PAGE));
            assertThat(Files.readAllBytes(doc.body())).isEqualTo(PAGE);
            RecordedExchange img = recording.firstGet(origin.url("/a.png")).orElseThrow();
            assertThat(img.bodySha256()).isEqualTo(sha256(IMAGE));
            assertThat(img.bodySize()).isEqualTo(IMAGE.length);
            assertThat(img.truncated()).isFalse();
            assertThat(recording.refused()).isEmpty();
        }
    }

    @Test
    void aChunkedResponseIsRecordedDechunkedWithTheHashOfTheEntityBody() throws Exception {
        try (ProxySession session = proxy.begin("c2")) {
            ProxyClient.Response got = ProxyClient.get(proxy.address(), origin.url("/chunked"));
            PageRecording recording = session.finish();

            assertThat(got.body()).isEqualTo(CHUNKED);
            RecordedExchange e = recording.exchanges().get(0);
            assertThat(e.bodySha256()).isEqualTo(sha256(CHUNKED));
            assertThat(Files.readAllBytes(e.body())).isEqualTo(CHUNKED);

            first(recording.warc(), WarcResponse.class, response -> {
                HttpResponse http = response.http();
                assertThat(http.headers().first("Transfer-Encoding")).isEmpty();
                assertThat(http.headers().first("Content-Length")).contains(Integer.toString(CHUNKED.length));
                assertThat(http.body().stream().readAllBytes()).isEqualTo(CHUNKED);
            });
        }
    }

    @Test
    void withNoSessionOpenARequestIsRefusedAndNotRecorded() throws Exception {
        ProxyClient.Response got = ProxyClient.get(proxy.address(), origin.url("/"));
        assertThat(got.status()).isEqualTo(503);
        assertThat(origin.requests()).isEmpty();
        try (ProxySession session = proxy.begin("c3")) {
            PageRecording recording = session.finish();
            assertThat(recording.exchanges()).isEmpty();
            assertThat(recording.refused()).isEmpty();
            // after finish the session takes nothing more either
            assertThat(ProxyClient.get(proxy.address(), origin.url("/")).status()).isEqualTo(503);
            assertThat(origin.requests()).isEmpty();
        }
    }

    @Test
    void aChunkedRequestBodyIsPassedOnWithItsLengthAndRecorded() throws Exception {
        try (ProxySession session = proxy.begin("c4")) {
            byte[] request = ("POST " + origin.url("/echo") + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            ProxyClient.Response got = ProxyClient.send(proxy.address(), request);
            PageRecording recording = session.finish();

            assertThat(got.text()).isEqualTo("hello world");
            ScriptedOrigin.Request received = origin.requests().get(0);
            assertThat(received.headers()).containsEntry("content-length", "11").doesNotContainKey("transfer-encoding");
            assertThat(received.requestLine()).isEqualTo("POST /echo HTTP/1.1");
            first(recording.warc(), WarcRequest.class, warcRequest -> {
                HttpRequest http = warcRequest.http();
                assertThat(http.method()).isEqualTo("POST");
                assertThat(http.body().stream().readAllBytes()).isEqualTo("hello world".getBytes(StandardCharsets.ISO_8859_1));
            });
        }
    }

    @Test
    void theWarcReadsBackWithARequestAndResponsePerExchangeAndMatchingDigests() throws Exception {
        try (ProxySession session = proxy.begin("c5")) {
            ProxyClient.get(proxy.address(), origin.url("/"));
            ProxyClient.get(proxy.address(), origin.url("/a.png"));
            ProxyClient.get(proxy.address(), origin.url("/chunked"));
            PageRecording recording = session.finish();

            assertThat(recording.warcSha256()).isEqualTo(sha256(Files.readAllBytes(recording.warc())));
            assertThat(recording.warcSize()).isEqualTo(Files.size(recording.warc()));
            List<ProxyFixture.Read> records = ProxyFixture.records(recording.warc());
            assertThat(records.get(0).record()).isInstanceOf(Warcinfo.class);
            first(recording.warc(), Warcinfo.class, info -> assertThat(info.fields().first("software")).contains(ProxyFixture.SOFTWARE));

            Map<URI, WarcRequest> requestsByResponse = new HashMap<>();
            Map<URI, WarcResponse> responses = new HashMap<>();
            try (WarcReader reader = new WarcReader(recording.warc())) {
                for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                    WarcRecord r = next.get();
                    if (r instanceof WarcRequest q) {
                        requestsByResponse.put(q.concurrentTo().get(0), q);
                    } else if (r instanceof WarcResponse s) {
                        byte[] payload = s.http().body().stream().readAllBytes();
                        assertThat(s.payloadDigest().orElseThrow().algorithm()).isEqualTo("sha256");
                        assertThat(s.payloadDigest().orElseThrow().hex()).isEqualTo(sha256(payload));
                        assertThat(s.ipAddress().orElseThrow().getHostAddress()).isEqualTo("127.0.0.1");
                        responses.put(s.id(), s);
                    }
                }
            }
            assertThat(responses).hasSize(3);
            assertThat(requestsByResponse.keySet()).isEqualTo(responses.keySet());
            for (RecordedExchange e : recording.exchanges()) {
                URI id = URI.create(e.warcRecordId().substring(1, e.warcRecordId().length() - 1));
                assertThat(responses).containsKey(id);
                assertThat(responses.get(id).target()).isEqualTo(e.url());
                assertThat(responses.get(id).payloadDigest().orElseThrow().hex()).isEqualTo(e.bodySha256());
            }
            // block digests as jwarc computes them over what it read
            for (ProxyFixture.Read r : records) {
                if (r.record() instanceof WarcResponse || r.record() instanceof WarcRequest) {
                    assertThat(r.record().blockDigest().orElseThrow().hex()).isEqualTo(sha256(r.block()));
                }
            }
            assertThat(records).filteredOn(r -> r.record() instanceof WarcMetadata).hasSize(3);
        }
    }

    @Test
    void closeDeletesTheSpooledBodiesAndTheWarcAndMayBeRepeated() throws Exception {
        ProxySession session = proxy.begin("c6");
        ProxyClient.get(proxy.address(), origin.url("/a.png"));
        PageRecording recording = session.finish();
        Path body = recording.exchanges().get(0).body();
        assertThat(body).exists();
        assertThat(recording.warc()).exists();
        session.close();
        session.close();
        assertThat(body).doesNotExist();
        assertThat(recording.warc()).doesNotExist();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void onlyOneSessionIsOpenAtATime() {
        try (ProxySession first = proxy.begin("c7")) {
            assertThatThrownBy(() -> proxy.begin("c8")).isInstanceOf(IllegalStateException.class);
        }
        try (ProxySession again = proxy.begin("c9")) {
            assertThat(again).isNotNull();
        }
    }

    interface Check<T> {
        void accept(T t) throws Exception;
    }

    /** Runs {@code check} on the first record of {@code type} while the reader is open (jwarc bodies stream once). */
    static <T extends WarcRecord> void first(Path warc, Class<T> type, Check<T> check) throws Exception {
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (type.isInstance(next.get())) {
                    check.accept(type.cast(next.get()));
                    return;
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + warc);
    }
}
