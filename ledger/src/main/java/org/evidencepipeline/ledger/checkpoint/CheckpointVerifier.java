package org.evidencepipeline.ledger.checkpoint;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checks a signed checkpoint note against a configured verifier key: the note must carry a signature line by that key
 * name and key hash whose Ed25519 signature over the body verifies; the body must parse. Works offline. Signature lines
 * by other keys (cosigners, witnesses) are allowed and ignored, as signed-note says.
 */
public final class CheckpointVerifier {
    private static final String DASH = "\u2014 ";
    private final String name;
    private final int hash;
    private final Ed25519PublicKeyParameters key;

    private CheckpointVerifier(String name, int hash, byte[] key) {
        if (NoteKeys.keyHash(name, key) != hash) {
            throw new IllegalArgumentException("the verifier key's hash does not match its name and key");
        }
        this.name = name;
        this.hash = hash;
        this.key = CheckpointSigner.publicKey(key);
    }

    /** From a note verifier key, {@code <name>+<hash>+<base64(0x01 ‖ public key)>}. */
    public static CheckpointVerifier fromVerifierKey(String verifierKey) {
        NoteKeys.Parsed k = NoteKeys.parseVerifier(verifierKey);
        return new CheckpointVerifier(k.name(), k.hash(), k.key());
    }

    public String keyName() {
        return name;
    }

    /** The checkpoint the note signs, or {@link CheckpointException} naming why it does not verify. */
    public Checkpoint verify(byte[] signedNote) throws CheckpointException {
        byte[] text = openText(signedNote);
        try {
            return Checkpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("the signed note is not a checkpoint: " + e.getMessage());
        }
    }

    /** The note's text once a signature by this key verifies over it. */
    byte[] openText(byte[] signedNote) throws CheckpointException {
        String note = new String(signedNote, StandardCharsets.UTF_8);
        if (!Arrays.equals(note.getBytes(StandardCharsets.UTF_8), signedNote)) {
            throw new CheckpointException("the note is not UTF-8");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new CheckpointException("not a signed note: no blank line before the signatures");
        }
        byte[] text = note.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        boolean ours = false;
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(DASH)) {
                throw new CheckpointException("not a signed note: a signature line must start with an em dash");
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2) {
                throw new CheckpointException("malformed signature line");
            }
            byte[] tagged;
            try {
                tagged = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("malformed signature line: not base64");
            }
            if (!parts[0].equals(name) || tagged.length < 4) {
                continue;
            }
            int h = ((tagged[0] & 0xff) << 24) | ((tagged[1] & 0xff) << 16) | ((tagged[2] & 0xff) << 8) | (tagged[3] & 0xff);
            if (h != hash) {
                continue;
            }
            ours = true;
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(text, 0, text.length);
            if (tagged.length != 68 || !verifier.verifySignature(Arrays.copyOfRange(tagged, 4, tagged.length))) {
                throw new CheckpointException("the signature by " + name + " does not verify: the checkpoint was altered or signed by another key");
            }
        }
        if (!ours) {
            throw new CheckpointException("the note carries no signature by " + name + "+" + NoteKeys.hashHex(hash));
        }
        return text;
    }
}
