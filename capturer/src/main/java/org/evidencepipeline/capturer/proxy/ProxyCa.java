package org.evidencepipeline.capturer.proxy;

import javax.net.ssl.SSLContext;
import java.util.List;

/**
 * A certificate authority made for one run of the capturer (a fresh key pair each start, never written to disk), and
 * the per-host certificates it issues for HTTPS interception. The browser is told to accept exactly these keys
 * ({@code --ignore-certificate-errors-spki-list}), nothing else changes in its trust, and no other program trusts them.
 */
public final class ProxyCa {

    public static ProxyCa generate() {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /** SHA-256 (hex) of the CA certificate's DER, recorded in provenance. */
    public String caCertificateSha256() {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /** Base64 SHA-256 of the SubjectPublicKeyInfo of each key the browser must accept, for Chromium's SPKI flag. */
    public List<String> spkiSha256Base64() {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /** A server-side TLS context presenting a certificate for {@code host} (name or IP literal), cached per host. */
    public SSLContext serverContextFor(String host) {
        throw new UnsupportedOperationException("TODO proxy");
    }
}
