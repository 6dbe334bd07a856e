package org.evidencepipeline.capturer.proxy;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyCaTest {
    private final ProxyCa ca = ProxyFixture.CA;

    @Test
    void leavesNameTheHostByDnsOrIpAndChainToThePerRunCa() throws Exception {
        X509Certificate byName = presented("www.example.org");
        X509Certificate byIp = presented("127.0.0.1");

        byName.verify(ca.caCertificate().getPublicKey());
        byIp.verify(ca.caCertificate().getPublicKey());
        assertThat(byName.getSubjectAlternativeNames()).containsExactly(List.of(2, "www.example.org"));
        assertThat(byIp.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertThat(byName.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(byName.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theSpkiPinsAreTheLeafAndCaKeysAndContextsAreCachedPerHost() throws Exception {
        X509Certificate leaf = presented("pins.example");
        assertThat(ca.spkiSha256Base64()).containsExactlyInAnyOrder(spki(leaf), spki(ca.caCertificate()));
        assertThat(ca.serverContextFor("pins.example")).isSameAs(ca.serverContextFor("PINS.example"));
        assertThat(ca.serverContextFor("a.example")).isNotSameAs(ca.serverContextFor("b.example"));
        assertThat(ca.caCertificateSha256()).isEqualTo(ProxyFixture.sha256(ca.caCertificate().getEncoded()));
        assertThat(ProxyCa.generate().caCertificateSha256()).isNotEqualTo(ca.caCertificateSha256()); // per run
    }

    /** The certificate a TLS client is shown by {@code serverContextFor(host)}, verified for that host name. */
    private X509Certificate presented(String host) throws Exception {
        SSLContext server = ca.serverContextFor(host);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // the client has what it needs
                }
            });
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            try (SSLSocket client = (SSLSocket) RecordingProxyTlsTest.trusting(ca.caCertificate()).getSocketFactory()
                    .createSocket(plain, host, listener.getLocalPort(), true)) {
                SSLParameters p = client.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // fails unless the SAN names the host
                client.setSSLParameters(p);
                client.startHandshake();
                return (X509Certificate) client.getSession().getPeerCertificates()[0];
            } finally {
                accepted.join();
            }
        }
    }

    private static String spki(X509Certificate c) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
    }
}
