package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.embedded.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS through the proxy: the browser sees a per-run certificate, the recording holds the origin's own chain. */
class RecordingProxyTlsTest {
    private static final SelfSignedCertificate ORIGIN_CERT = SelfSignedCertificate.generate();
    private static final byte[] PAGE = "<html>over tls</html>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;
    private ScriptedOrigin origin;

    @BeforeEach
    void start() {
        origin = ScriptedOrigin.start("127.0.0.1", ORIGIN_CERT.serverContext(), r -> ScriptedOrigin.ok("text/html", PAGE));
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    @Test
    void httpsIsInterceptedAndTheOriginsOwnChainIsRecorded() throws Exception {
        SSLContext trustOrigin = SSLContext.getInstance("TLS");
        trustOrigin.init(null, new TrustManager[]{ORIGIN_CERT.trustManager()}, null);
        ProxyCa ca = ProxyFixture.CA;
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work, trustOrigin, 1 << 20, 1 << 20, 100),
                ProxyFixture.only127001(), ca);
             ProxySession session = proxy.begin("t1")) {
            Socket tunnel = ProxyClient.connect(proxy.address(), "127.0.0.1:" + origin.port());
            X509Certificate shown;
            ProxyClient.Response response;
            try (SSLSocket tls = (SSLSocket) trusting(ca.caCertificate()).getSocketFactory()
                    .createSocket(tunnel, "127.0.0.1", origin.port(), true)) {
                SSLParameters p = tls.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setApplicationProtocols(new String[]{"h2", "http/1.1"});
                tls.setSSLParameters(p);
                tls.startHandshake();
                assertThat(tls.getApplicationProtocol()).isEqualTo("http/1.1");
                shown = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                OutputStream out = tls.getOutputStream();
                out.write(("GET /page?q={x}|y HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                response = ProxyClient.read(tls.getInputStream());
            }
            PageRecording recording = session.finish();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(PAGE);
            shown.verify(ca.caCertificate().getPublicKey()); // the browser was shown the per-run certificate
            assertThat(ca.spkiSha256Base64()).contains(Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(shown.getPublicKey().getEncoded())));
            String originSha = ProxyFixture.sha256(ORIGIN_CERT.certificate().getEncoded());
            assertThat(ProxyFixture.sha256(shown.getEncoded())).isNotEqualTo(originSha);

            RecordedExchange e = recording.exchanges().get(0);
            assertThat(e.url()).isEqualTo("https://127.0.0.1:" + origin.port() + "/page?q={x}|y");
            assertThat(origin.requests().get(0).target()).isEqualTo("/page?q={x}|y");
            assertThat(e.tlsPeerCertificateSha256()).containsExactly(originSha);
            assertThat(e.bodySha256()).isEqualTo(ProxyFixture.sha256(PAGE));
            List<String> recordedDer = new ArrayList<>();
            try (WarcReader reader = new WarcReader(recording.warc())) {
                for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                    if (r.get() instanceof WarcMetadata m) {
                        recordedDer.addAll(m.fields().all("tls-peer-certificate"));
                    }
                }
            }
            assertThat(recordedDer).containsExactly(Base64.getEncoder().encodeToString(ORIGIN_CERT.certificate().getEncoded()));
        }
    }

    @Test
    void anOriginWhoseCertificateIsNotTrustedIsNotFetched() throws Exception {
        try (RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work), ProxyFixture.only127001(), ProxyFixture.CA);
             ProxySession session = proxy.begin("t2")) {
            Socket tunnel = ProxyClient.connect(proxy.address(), "127.0.0.1:" + origin.port());
            ProxyClient.Response response;
            try (SSLSocket tls = (SSLSocket) trusting(ProxyFixture.CA.caCertificate()).getSocketFactory()
                    .createSocket(tunnel, "127.0.0.1", origin.port(), true)) {
                tls.startHandshake();
                tls.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                response = ProxyClient.read(tls.getInputStream());
            }
            PageRecording recording = session.finish();

            assertThat(response.status()).isEqualTo(502);
            assertThat(origin.requests()).isEmpty();
            assertThat(recording.exchanges()).isEmpty();
        }
    }

    static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
