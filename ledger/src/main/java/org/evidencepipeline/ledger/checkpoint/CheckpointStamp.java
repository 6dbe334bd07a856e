package org.evidencepipeline.ledger.checkpoint;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The RFC 3161 side of a checkpoint: the token is requested over SHA-256 of the signed note's bytes (one TSA request per
 * checkpoint), and checked against TSA certificates pinned by configuration, never against whatever the token embeds:
 * the token's signer must be one of {@code pinned} (or be issued by one of them), its imprint must be the note's
 * SHA-256, and its signature must verify.
 */
public final class CheckpointStamp {
    /** What a token proves: the TSA's time and its subject. */
    public record Stamped(Instant time, String tsa) {
    }

    private CheckpointStamp() {
    }

    /** Checks {@code token} over {@code signedNote} against the pinned TSA certificates. */
    public static Stamped check(byte[] token, byte[] signedNote, List<X509Certificate> pinned) throws CheckpointException {
        if (pinned == null || pinned.isEmpty()) {
            throw new CheckpointException("no TSA certificate is pinned, so no time-stamp can be trusted");
        }
        TimeStampToken tst;
        try {
            tst = new TimeStampToken(new CMSSignedData(token));
        } catch (Exception e) {
            throw new CheckpointException("not an RFC 3161 time-stamp token: " + e.getMessage(), e);
        }
        if (!NISTObjectIdentifiers.id_sha256.equals(tst.getTimeStampInfo().getMessageImprintAlgOID())) {
            throw new CheckpointException("the token's imprint is not SHA-256");
        }
        if (!Arrays.equals(sha256(signedNote), tst.getTimeStampInfo().getMessageImprintDigest())) {
            throw new TokenOverOtherBytesException();
        }
        X509CertificateHolder signer = signerCertificate(tst, pinned);
        try {
            tst.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
        } catch (Exception e) {
            throw new CheckpointException("the token's signature does not verify: " + e.getMessage(), e);
        }
        Instant time = tst.getTimeStampInfo().getGenTime().toInstant();
        return new Stamped(time, signer.getSubject().toString());
    }

    /**
     * The pinned certificate that signed the token, or a certificate the token embeds that a pinned certificate issued
     * (and that was valid at the token's time).
     */
    @SuppressWarnings("unchecked")
    private static X509CertificateHolder signerCertificate(TimeStampToken tst, List<X509Certificate> pinned) throws CheckpointException {
        List<X509CertificateHolder> anchors = new ArrayList<>();
        for (X509Certificate c : pinned) {
            try {
                anchors.add(new JcaX509CertificateHolder(c));
            } catch (Exception e) {
                throw new CheckpointException("unusable pinned TSA certificate: " + e.getMessage(), e);
            }
        }
        for (X509CertificateHolder a : anchors) {
            if (tst.getSID().match(a)) {
                return a;
            }
        }
        Collection<X509CertificateHolder> embedded = tst.getCertificates().getMatches(tst.getSID());
        java.util.Date when = tst.getTimeStampInfo().getGenTime();
        for (X509CertificateHolder e : embedded) {
            for (X509CertificateHolder a : anchors) {
                try {
                    if (e.getIssuer().equals(a.getSubject()) && e.isValidOn(when)
                            && e.isSignatureValid(new JcaContentVerifierProviderBuilder().build(a))) {
                        return e;
                    }
                } catch (Exception ignored) {
                    // not issued by this anchor; try the next
                }
            }
        }
        throw new CheckpointException("the token was not signed by a pinned TSA certificate (signer "
                + (embedded.isEmpty() ? "unknown" : embedded.iterator().next().getSubject()) + ")");
    }

    /** Reads PEM certificates (one or more) from a file's bytes, for the pinned TSA setting and the bag's copy. */
    public static List<X509Certificate> readPem(byte[] pem) throws CheckpointException {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : f.generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new CheckpointException("no certificate in the PEM");
            }
            return out;
        } catch (CertificateException e) {
            throw new CheckpointException("unreadable TSA certificate: " + e.getMessage(), e);
        }
    }

    /** PEM of certificates, for the bag's copy of the pinned TSA certificate. */
    public static byte[] toPem(List<X509Certificate> certs) {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                b.append("-----BEGIN CERTIFICATE-----\n")
                        .append(java.util.Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
