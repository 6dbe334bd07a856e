package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** How the proxy reaches origins: through the vetted answer of one lookup, within its timeouts and connection cap. */
class RecordingProxyConnectionTest {
    @TempDir
    Path work;

    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** A resolver whose DNS answers are fixed: origin.test is 127.0.0.1 (allowed), evil.test 127.0.0.2 (inside). */
    private VettedResolver fixedDns() {
        return new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.1/32")), host -> {
            lookups.add(host);
            switch (host) {
                case "origin.test":
                    return List.of(InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}));
                case "evil.test":
                    return List.of(InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}), InetAddress.getByAddress(host, new byte[]{127, 0, 0, 2}));
                default:
                    throw new UnknownHostException(host);
            }
        });
    }

    @Test
    void aHostNameIsLookedUpOnceAndTheProxyConnectsToTheVettedAnswer() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start("127.0.0.1", null, r -> ScriptedOrigin.ok("text/plain", "hi".getBytes(StandardCharsets.UTF_8)));
             RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), fixedDns(), ProxyFixture.CA);
             ProxySession session = proxy.begin("n1")) {
            String url = "http://origin.test:" + origin.port() + "/x";
            ProxyClient.Response got = ProxyClient.get(proxy.address(), url);
            PageRecording recording = session.finish();

            assertThat(got.text()).isEqualTo("hi");
            assertThat(lookups).containsExactly("origin.test");
            assertThat(origin.requests().get(0).headers()).containsEntry("host", "origin.test:" + origin.port());
            assertThat(recording.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.url()).isEqualTo(url);
                assertThat(e.resolvedAddress()).isEqualTo("127.0.0.1");
            });
        }
    }

    @Test
    void aNameWithAnyAnswerInsideIsRefused() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start("127.0.0.1", null, r -> ScriptedOrigin.ok("text/plain", new byte[0]));
             RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), fixedDns(), ProxyFixture.CA);
             ProxySession session = proxy.begin("n2")) {
            ProxyClient.Response got = ProxyClient.get(proxy.address(), "http://evil.test:" + origin.port() + "/");
            PageRecording recording = session.finish();

            assertThat(got.status()).isEqualTo(403);
            assertThat(origin.requests()).isEmpty();
            assertThat(recording.refused()).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("evil.test resolves to 127.0.0.2"));
        }
    }

    @Test
    void anOriginSilentPastTheReadTimeoutGets504() throws Exception {
        ProxySettings quick = new ProxySettings(Duration.ofSeconds(2), Duration.ofMillis(300), 1 << 20, 1 << 20, 100, work,
                ProxyFixture.defaultTls(), ProxyFixture.SOFTWARE);
        try (ScriptedOrigin origin = ScriptedOrigin.start("127.0.0.1", null, r -> {
            sleep(3_000);
            return ScriptedOrigin.ok("text/plain", new byte[0]);
        });
             RecordingProxy proxy = RecordingProxy.start(quick, ProxyFixture.only127001(), ProxyFixture.CA);
             ProxySession session = proxy.begin("n3")) {
            long start = System.nanoTime();
            ProxyClient.Response got = ProxyClient.get(proxy.address(), origin.url("/slow"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            PageRecording recording = session.finish();

            assertThat(got.status()).isEqualTo(504);
            assertThat(millis).isLessThan(2_500);
            assertThat(recording.exchanges()).isEmpty();
        }
    }

    @Test
    void finishCutsAResponseStillStreamingAndRecordsWhatArrived() throws Exception {
        byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1);
        try (ScriptedOrigin origin = ScriptedOrigin.start("127.0.0.1", null, r -> {
            // the origin's script returns the whole answer at once, so a stalled body is a head plus 10 of 1000 bytes
            // followed by silence (the connection stays open until the test ends)
            return head;
        }, 10_000);
             RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ProxyFixture.CA);
             ProxySession session = proxy.begin("n4")) {
            java.util.concurrent.CompletableFuture<ProxyClient.Response> client = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return ProxyClient.get(proxy.address(), origin.url("/stall"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long until = System.currentTimeMillis() + 5_000;
            while (origin.requests().isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // the 10 bytes pass the proxy
            PageRecording recording = session.finish();

            assertThat(client.get(5, java.util.concurrent.TimeUnit.SECONDS).body()).hasSizeLessThanOrEqualTo(10);
            assertThat(recording.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.truncated()).isTrue();
                assertThat(e.bodySize()).isEqualTo(10);
                assertThat(e.bodySha256()).isEqualTo(ProxyFixture.sha256("0123456789".getBytes(StandardCharsets.ISO_8859_1)));
            });
            HttpTestWarc.firstResponse(recording.warc(), res -> assertThat(res.headers().first("WARC-Truncated")).contains("disconnect"));
        }
    }

    @Test
    void connectionsBeyondTheCapAreAnswered503() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ProxyFixture.CA)) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < RecordingProxy.MAX_CONNECTIONS; i++) {
                    idle.add(new Socket(proxy.address().getAddress(), proxy.address().getPort()));
                }
                try (Socket extra = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
                    extra.setSoTimeout(5_000);
                    ProxyClient.Response got = ProxyClient.read(extra.getInputStream());
                    assertThat(got.status()).isEqualTo(503);
                    assertThat(got.text()).contains("too many open connections");
                }
            } finally {
                idle.forEach(ProxySession::closeQuietly);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
