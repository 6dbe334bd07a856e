package org.evidencepipeline.storer.timestamp;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;

/**
 * Checks a stored time-stamp token against the document it stamped: the token's message imprint must be
 * the SHA-256 of the document's current bytes, and its signature must verify with the certificate the
 * TSA embedded. (Whether that TSA is trusted is a policy decision for the reader; the verdict names it.)
 */
public final class TimestampCheck {
    /** Outcome: valid or not, with the TSA's time and name, or why not. */
    public record Result(boolean valid, Instant time, String tsa, String detail) {
    }

    private TimestampCheck() {
    }

    @SuppressWarnings("unchecked")
    public static Result check(byte[] token, byte[] document) {
        try {
            TimeStampToken tst = new TimeStampToken(new CMSSignedData(token));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
            if (!Arrays.equals(digest, tst.getTimeStampInfo().getMessageImprintDigest())) {
                return new Result(false, tst.getTimeStampInfo().getGenTime().toInstant(), null,
                        "the provenance record changed after it was time-stamped");
            }
            Store<X509CertificateHolder> certs = tst.getCertificates();
            Collection<X509CertificateHolder> matches = certs.getMatches(tst.getSID());
            if (matches.isEmpty()) {
                return new Result(false, null, null, "the token carries no signing certificate");
            }
            X509CertificateHolder cert = matches.iterator().next();
            SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().build(cert);
            tst.validate(verifier);
            Instant time = tst.getTimeStampInfo().getGenTime().toInstant();
            return new Result(true, time, cert.getSubject().toString(), "time-stamped " + time + " by " + cert.getSubject());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            return new Result(false, null, null, "invalid time-stamp token: " + e.getMessage());
        }
    }
}
