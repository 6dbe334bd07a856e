package org.evidencepipeline.ledger.checkpoint;

/**
 * Signs checkpoints as C2SP signed notes with an Ed25519 key (the CT "signed tree head"): the body, a blank line, and
 * the signature line {@code — <key name> <base64(4-byte key hash ‖ signature)>}, the key hash being the first four
 * bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key), as golang.org/x/mod/sumdb/note and Tessera do.
 */
public final class CheckpointSigner {
    /** Loads the signer from a note signer key ({@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>}). */
    public static CheckpointSigner fromSignerKey(String signerKey) {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }

    /** The matching verifier key, {@code <name>+<hash>+<base64(0x01 ‖ public key)>}, for bags and verifiers. */
    public String verifierKey() {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }

    /** The signed note bytes. */
    public byte[] sign(Checkpoint checkpoint) {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }

    /** A fresh key pair as a note signer key, for {@code ./pipeline ledger-key} and tests. */
    public static String generateSignerKey(String name) {
        throw new UnsupportedOperationException("CHECKPOINT engineer");
    }
}
