package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.contracts.PageProvenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests the proxy must not let through. The refused origin listens on 127.0.0.2, which Linux answers like all of
 * 127/8: it is reachable (checked), so a refusal is the address policy's (only 127.0.0.1/32 is allowed), not a dead
 * address.
 */
class RecordingProxyRefusalTest {
    private static final byte[] PAGE = "<html>page</html>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BIG = ProxyFixture.bytes(5_000, 3);

    @TempDir
    Path work;
    private ScriptedOrigin inside;
    private ScriptedOrigin allowed;
    private ProxyCa ca;

    @BeforeEach
    void start() throws Exception {
        inside = ScriptedOrigin.start("127.0.0.2", null, r -> ScriptedOrigin.ok("text/plain", "secret".getBytes(StandardCharsets.UTF_8)));
        allowed = ScriptedOrigin.start("127.0.0.1", null, r -> switch (r.target()) {
            case "/redirect" -> ScriptedOrigin.redirect(inside.url("/secret"));
            case "/big" -> ScriptedOrigin.ok("application/octet-stream", BIG);
            case "/big-chunked" -> ScriptedOrigin.chunked("application/octet-stream", BIG, 600);
            default -> ScriptedOrigin.ok("text/html", PAGE);
        });
        try (Socket direct = new Socket()) {
            direct.connect(new InetSocketAddress("127.0.0.2", inside.port()), 2_000); // the refused origin is alive
        }
        ca = ProxyFixture.CA;
    }

    @AfterEach
    void stop() {
        inside.close();
        allowed.close();
    }

    @Test
    void aSubresourceOnARefusedAddressGets403AndIsRecordedAsARefusal() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("r1")) {
            assertThat(ProxyClient.get(proxy.address(), allowed.url("/")).status()).isEqualTo(200);
            ProxyClient.Response refused = ProxyClient.get(proxy.address(), inside.url("/secret"));
            PageRecording recording = session.finish();

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers().get("content-type")).startsWith("text/plain");
            assertThat(refused.text()).contains("127.0.0.2").contains("loopback");
            assertThat(inside.requests()).isEmpty();
            assertThat(recording.exchanges()).extracting(RecordedExchange::url).containsExactly(allowed.url("/"));
            assertThat(recording.refused()).singleElement().satisfies(r -> {
                assertThat(r.url()).isEqualTo(inside.url("/secret"));
                assertThat(r.reason()).contains("127.0.0.2").contains("loopback");
                assertThat(r.at()).isNotNull();
            });
            assertThat(refusalRecords(recording.warc())).containsExactly(inside.url("/secret"));
        }
    }

    @Test
    void aRedirectToARefusedAddressIsRecordedAndItsHopRefused() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("r2")) {
            ProxyClient.Response hop = ProxyClient.get(proxy.address(), allowed.url("/redirect"));
            assertThat(hop.status()).isEqualTo(302);
            // the browser follows a redirect with a new request through the proxy, which vets it again
            ProxyClient.Response next = ProxyClient.get(proxy.address(), hop.headers().get("location"));
            PageRecording recording = session.finish();

            assertThat(next.status()).isEqualTo(403);
            assertThat(inside.requests()).isEmpty();
            RecordedExchange redirect = recording.firstGet(allowed.url("/redirect")).orElseThrow();
            assertThat(redirect.status()).isEqualTo(302);
            assertThat(redirect.location()).isEqualTo(inside.url("/secret"));
            assertThat(recording.redirectsFrom(allowed.url("/redirect"))).containsExactly(inside.url("/secret"));
            assertThat(recording.refused()).extracting(PageProvenance.RefusedRequest::url).containsExactly(inside.url("/secret"));
            assertThat(refusalRecords(recording.warc())).containsExactly(inside.url("/secret"));
        }
    }

    @Test
    void aConnectToARefusedAddressIsRefused() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("r3")) {
            assertThatThrownBy(() -> ProxyClient.connect(proxy.address(), "127.0.0.2:" + inside.port()))
                    .isInstanceOfSatisfying(ProxyClient.Refused.class, e -> {
                        assertThat(e.response.status()).isEqualTo(403);
                        assertThat(new String(e.response.body(), StandardCharsets.UTF_8)).contains("loopback");
                    });
            PageRecording recording = session.finish();

            assertThat(inside.requests()).isEmpty();
            String target = "https://127.0.0.2:" + inside.port() + "/";
            assertThat(recording.refused()).extracting(PageProvenance.RefusedRequest::url).containsExactly(target);
            assertThat(refusalRecords(recording.warc())).containsExactly(target);
        }
    }

    @Test
    void pastTheRequestCapFurtherRequestsAreRefusedWithTheReason() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work, ProxyFixture.defaultTls(), 1 << 20, 1 << 20, 2),
                ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("r4")) {
            assertThat(ProxyClient.get(proxy.address(), allowed.url("/1")).status()).isEqualTo(200);
            assertThat(ProxyClient.get(proxy.address(), allowed.url("/2")).status()).isEqualTo(200);
            ProxyClient.Response third = ProxyClient.get(proxy.address(), allowed.url("/3"));
            PageRecording recording = session.finish();

            assertThat(third.status()).isEqualTo(403);
            assertThat(third.text()).contains("request cap (2 requests)");
            assertThat(allowed.requests()).extracting(ScriptedOrigin.Request::target).containsExactly("/1", "/2");
            assertThat(recording.exchanges()).hasSize(2);
            assertThat(recording.refused()).singleElement().satisfies(r -> {
                assertThat(r.url()).isEqualTo(allowed.url("/3"));
                assertThat(r.reason()).contains("request cap");
            });
        }
    }

    @Test
    void aResponseOverTheResponseCapIsCutAndRecordedAsTruncated() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work, ProxyFixture.defaultTls(), 1_000, 1 << 20, 100),
                ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("r5")) {
            ProxyClient.Response got = ProxyClient.get(proxy.address(), allowed.url("/big"));
            ProxyClient.Response chunked = ProxyClient.get(proxy.address(), allowed.url("/big-chunked"));
            PageRecording recording = session.finish();

            assertThat(got.body().length).isLessThanOrEqualTo(1_000);
            assertThat(chunked.body().length).isLessThanOrEqualTo(1_000);
            for (RecordedExchange e : recording.exchanges()) {
                assertThat(e.truncated()).as(e.url()).isTrue();
                assertThat(e.bodySize()).isEqualTo(1_000);
                assertThat(e.bodySha256()).isEqualTo(ProxyFixture.sha256(java.util.Arrays.copyOf(BIG, 1_000)));
            }
            assertThat(recording.exchanges()).hasSize(2);
            List<String> truncations = new ArrayList<>();
            try (WarcReader reader = new WarcReader(recording.warc())) {
                for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                    if (r.get() instanceof WarcResponse res) {
                        truncations.add(res.headers().first("WARC-Truncated").orElse("none"));
                    }
                }
            }
            assertThat(truncations).containsExactly("length", "length");
        }
    }

    @Test
    void pastThePageByteCapTheResponseIsCutAndFurtherRequestsRefused() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work, ProxyFixture.defaultTls(), 1 << 20, 7_000, 100),
                ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("r6")) {
            ProxyClient.get(proxy.address(), allowed.url("/big"));
            ProxyClient.get(proxy.address(), allowed.url("/big"));
            ProxyClient.Response third = ProxyClient.get(proxy.address(), allowed.url("/big"));
            PageRecording recording = session.finish();

            assertThat(recording.exchanges()).extracting(RecordedExchange::truncated).containsExactly(false, true);
            assertThat(recording.exchanges().get(1).bodySize()).isEqualTo(2_000);
            assertThat(third.status()).isEqualTo(403);
            assertThat(third.text()).contains("byte cap (7000 bytes)");
            assertThat(recording.refused()).extracting(PageProvenance.RefusedRequest::reason).singleElement()
                    .asString().contains("byte cap");
        }
    }

    /** The WARC-Target-URI of every metadata record that states a refusal. */
    private static List<String> refusalRecords(Path warc) throws Exception {
        List<String> targets = new ArrayList<>();
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                if (r.get() instanceof WarcMetadata m) {
                    Map<String, List<String>> fields = m.fields().map();
                    if (fields.containsKey("refused")) {
                        assertThat(fields.get("outcome").get(0)).contains("403");
                        targets.add(m.target());
                    }
                }
            }
        }
        return targets;
    }
}
