package org.evidencepipeline.ledger.checkpoint;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs checkpoints as C2SP signed notes with an Ed25519 key (the CT "signed tree head"): the body, a blank line, and
 * the signature line {@code — <key name> <base64(4-byte key hash ‖ signature)>}, the key hash being the first four
 * bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key), as golang.org/x/mod/sumdb/note and Tessera do. The seed never
 * leaves this object: {@link #toString()} names the key only.
 */
public final class CheckpointSigner {
    private final String name;
    private final int hash;
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private CheckpointSigner(String name, int hash, Ed25519PrivateKeyParameters privateKey) {
        this.name = name;
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        if (NoteKeys.keyHash(name, publicKey) != hash) {
            throw new IllegalArgumentException("the signer key's hash does not match its name and key");
        }
        this.hash = hash;
    }

    /** Loads the signer from a note signer key ({@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>}). */
    public static CheckpointSigner fromSignerKey(String signerKey) {
        NoteKeys.Parsed k = NoteKeys.parseSigner(signerKey);
        return new CheckpointSigner(k.name(), k.hash(), new Ed25519PrivateKeyParameters(k.key(), 0));
    }

    /**
     * Loads the signer from a file holding a note signer key (a mounted Secret, or what {@code ./pipeline ledger-key}
     * wrote), for every reader of the key: the ledger writer, its standalone main and verify's trust.
     *
     * @param setting the setting that named the file, for the error (which never quotes the file's content)
     * @throws IllegalArgumentException when the file cannot be read or does not hold a signer key
     */
    public static CheckpointSigner fromFile(java.nio.file.Path file, String setting) {
        String key;
        try {
            key = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + setting + " " + file + ": " + e.getMessage());
        }
        try {
            return fromSignerKey(key);
        } catch (RuntimeException e) {
            // The exception text could quote the key: say only where it came from.
            throw new IllegalArgumentException(setting + " " + file + " does not hold a note signer key "
                    + "(PRIVATE+KEY+<name>+<hash>+<base64>)");
        }
    }

    /** The matching verifier key, {@code <name>+<hash>+<base64(0x01 ‖ public key)>}, for bags and verifiers. */
    public String verifierKey() {
        return name + "+" + NoteKeys.hashHex(hash) + "+" + NoteKeys.encodeKey(publicKey);
    }

    public String name() {
        return name;
    }

    /** The signed note bytes. */
    public byte[] sign(Checkpoint checkpoint) {
        return signText(checkpoint.body());
    }

    /** Signs any note text (ends with a newline): used for the signed-note reference vector too. */
    byte[] signText(byte[] text) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(text, 0, text.length);
        byte[] sig = signer.generateSignature();
        byte[] tagged = new byte[4 + sig.length];
        tagged[0] = (byte) (hash >>> 24);
        tagged[1] = (byte) (hash >>> 16);
        tagged[2] = (byte) (hash >>> 8);
        tagged[3] = (byte) hash;
        System.arraycopy(sig, 0, tagged, 4, sig.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text);
        out.writeBytes(("\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(tagged) + "\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A fresh key pair as a note signer key, for {@code ./pipeline ledger-key} and tests. */
    public static String generateSignerKey(String name) {
        if (!NoteKeys.validName(name)) {
            throw new IllegalArgumentException("a key name has no spaces and no '+'");
        }
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        byte[] pub = key.generatePublicKey().getEncoded();
        return "PRIVATE+KEY+" + name + "+" + NoteKeys.hashHex(NoteKeys.keyHash(name, pub)) + "+" + NoteKeys.encodeKey(key.getEncoded());
    }

    @Override
    public String toString() {
        return "CheckpointSigner[" + name + "+" + NoteKeys.hashHex(hash) + "]";
    }

    static Ed25519PublicKeyParameters publicKey(byte[] raw) {
        return new Ed25519PublicKeyParameters(raw, 0);
    }
}
