package org.evidencepipeline.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The golang.org/x/mod/sumdb/note key encoding that C2SP signed-note tools share: a verifier key is
 * {@code <name>+<hash>+<base64(0x01 ‖ Ed25519 public key)>}, a signer key {@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖
 * seed)>}, the hash being the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), written as 8 hex digits.
 */
final class NoteKeys {
    static final byte ED25519 = 0x01;

    private NoteKeys() {
    }

    /** A parsed key: the name, its 4-byte hash, and the 32 key bytes (public key or seed). */
    record Parsed(String name, int hash, byte[] key) {
    }

    static Parsed parseVerifier(String vkey) {
        String[] parts = vkey.trim().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is <name>+<hash>+<key>");
        }
        return parse(parts[0], parts[1], parts[2]);
    }

    static Parsed parseSigner(String skey) {
        String[] parts = skey.trim().split("\\+", 5);
        if (parts.length != 5 || !"PRIVATE".equals(parts[0]) || !"KEY".equals(parts[1])) {
            throw new IllegalArgumentException("a signer key is PRIVATE+KEY+<name>+<hash>+<key>");
        }
        return parse(parts[2], parts[3], parts[4]);
    }

    private static Parsed parse(String name, String hashHex, String keyB64) {
        if (!validName(name)) {
            throw new IllegalArgumentException("bad key name");
        }
        if (hashHex.length() != 8) {
            throw new IllegalArgumentException("bad key hash");
        }
        int hash = (int) Long.parseLong(hashHex, 16);
        byte[] raw = Base64.getDecoder().decode(keyB64);
        if (raw.length != 33 || raw[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 note key");
        }
        return new Parsed(name, hash, java.util.Arrays.copyOfRange(raw, 1, 33));
    }

    /** Key names are non-empty, with no Unicode spaces and no plus signs (signed-note). */
    static boolean validName(String name) {
        if (name.isEmpty() || name.contains("+")) {
            return false;
        }
        return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    static int keyHash(String name, byte[] publicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(ED25519);
            d.update(publicKey);
            byte[] h = d.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hashHex(int hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    static String encodeKey(byte[] key) {
        byte[] raw = new byte[33];
        raw[0] = ED25519;
        System.arraycopy(key, 0, raw, 1, 32);
        return Base64.getEncoder().encodeToString(raw);
    }
}
