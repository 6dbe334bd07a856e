package org.evidencepipeline.ledger.checkpoint;

/**
 * Checks a signed checkpoint note against a configured verifier key: the note must carry a signature line by that key
 * name and key hash whose Ed25519 signature over the body verifies; the body must parse. Works offline.
 */
public final class CheckpointVerifier {
    /** From a note verifier key, {@code <name>+<hash>+<base64(0x01 ‖ public key)>}. */
    public static CheckpointVerifier fromVerifierKey(String verifierKey) {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }

    /** The checkpoint the note signs, or {@link CheckpointException} naming why it does not verify. */
    public Checkpoint verify(byte[] signedNote) throws CheckpointException {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }
}
