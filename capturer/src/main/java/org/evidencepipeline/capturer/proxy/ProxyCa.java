package org.evidencepipeline.capturer.proxy;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A certificate authority made for one run of the capturer (a fresh key pair each start, never written to disk), and
 * the per-host certificates it issues for HTTPS interception. The browser is told to accept exactly these keys
 * ({@code --ignore-certificate-errors-spki-list}), nothing else changes in its trust, and no other program trusts them.
 *
 * <p>Every leaf shares one per-run key pair (as mitmproxy does): the SPKI list Chromium is started with is then fixed
 * for the run and short, whatever hosts a page reaches. EC P-256 keys, because generating them costs milliseconds.
 */
public final class ProxyCa {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final char[] KEYSTORE_PASSWORD = "in-memory".toCharArray();

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final KeyPair leafKeys;
    private final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private ProxyCa(KeyPair caKeys, X509Certificate caCertificate, KeyPair leafKeys) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.leafKeys = leafKeys;
    }

    public static ProxyCa generate() {
        try {
            KeyPair ca = newKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=evidence-pipeline capturer per-run CA " + now.getEpochSecond() + ", O=evidence-pipeline");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, ca.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(SIGNATURE).build(ca.getPrivate())));
            return new ProxyCa(ca, cert, newKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the per-run proxy CA", e);
        }
    }

    /** SHA-256 (hex) of the CA certificate's DER, recorded in provenance. */
    public String caCertificateSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(caCertificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 SHA-256 of the SubjectPublicKeyInfo of each key the browser must accept, for Chromium's SPKI flag. */
    public List<String> spkiSha256Base64() {
        // The leaf key is the one Chromium checks first; the CA key is listed too, as the chain carries it.
        return List.of(spki(leafKeys), spki(caKeys));
    }

    /** The CA certificate (tests and provenance readers check leaves against it). */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A server-side TLS context presenting a certificate for {@code host} (name or IP literal), cached per host. */
    public SSLContext serverContextFor(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return contexts.computeIfAbsent(bare.toLowerCase(java.util.Locale.ROOT), this::issue);
    }

    private SSLContext issue(String host) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate, new BigInteger(64, random),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name("CN=" + host.replaceAll("[,=+<>#;\"\\\\]", "_")), leafKeys.getPublic());
            boolean ip = isIpLiteral(host);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("leaf", leafKeys.getPrivate(), KEYSTORE_PASSWORD, new X509Certificate[]{leaf, caCertificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, KEYSTORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, random);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a proxy certificate for " + host, e);
        }
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String spki(KeyPair keys) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
