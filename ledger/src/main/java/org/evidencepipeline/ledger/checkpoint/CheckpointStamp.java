package org.evidencepipeline.ledger.checkpoint;

import java.security.cert.X509Certificate;
import java.time.Instant;
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
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }

    /** Reads PEM certificates (one or more) from a file's bytes, for the pinned TSA setting and the bag's copy. */
    public static List<X509Certificate> readPem(byte[] pem) throws CheckpointException {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }
}
