package org.evidencepipeline.capturer.video.mux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HLS {@code METHOD=AES-128} (RFC 8216 §5.2): each segment is AES-128-CBC with PKCS#7 padding under a 16-byte key
 * file; the IV is the tag's {@code IV=0x…} or else the segment's media sequence number as a 16-byte big-endian
 * integer. Done here, not by ffmpeg, so ffmpeg never needs to read a key URL.
 */
final class Aes128 {
    /** Why a segment could not be decrypted; the muxer turns it into a note. */
    static final class Undecryptable extends Exception {
        Undecryptable(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_KEY_FILE = 1024;

    private Aes128() {
    }

    /** Decrypts {@code segment} and appends the clear bytes to {@code out}. */
    static void decrypt(Path segment, Path keyFile, String keyIv, long sequence, OutputStream out)
            throws IOException, Undecryptable {
        Cipher cipher = cipher(key(keyFile), iv(keyIv, sequence));
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(segment)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                byte[] clear = cipher.update(buffer, 0, n);
                if (clear != null) {
                    out.write(clear);
                }
            }
            out.write(cipher.doFinal());
        } catch (GeneralSecurityException e) {
            // A wrong key or IV leaves bad padding: say so rather than hand ffmpeg noise.
            throw new Undecryptable("does not decrypt with its key (" + e.getClass().getSimpleName() + ")");
        }
    }

    static byte[] key(Path keyFile) throws IOException, Undecryptable {
        byte[] key;
        try (InputStream in = Files.newInputStream(keyFile)) {
            key = in.readNBytes(MAX_KEY_FILE);
        }
        if (key.length != 16) {
            throw new Undecryptable("key is " + (key.length >= MAX_KEY_FILE ? "over " + MAX_KEY_FILE : key.length)
                    + " bytes, not 16");
        }
        return key;
    }

    /** {@code 0x} (or {@code 0X}) and up to 32 hex digits, right-aligned; absent: the sequence number. */
    static byte[] iv(String keyIv, long sequence) throws Undecryptable {
        byte[] iv = new byte[16];
        if (keyIv == null || keyIv.isBlank()) {
            byte[] number = BigInteger.valueOf(sequence).toByteArray();
            if (sequence < 0 || number.length > 17) {
                throw new Undecryptable("media sequence " + sequence + " is not an IV");
            }
            int length = Math.min(number.length, 16);
            System.arraycopy(number, number.length - length, iv, 16 - length, length);
            return iv;
        }
        String text = keyIv.strip();
        if (!(text.startsWith("0x") || text.startsWith("0X"))) {
            throw new Undecryptable("IV " + shorten(text) + " does not start with 0x");
        }
        String hex = text.substring(2);
        if (hex.isEmpty() || hex.length() > 32) {
            throw new Undecryptable("IV " + shorten(text) + " is not 1 to 32 hex digits");
        }
        if (hex.length() % 2 == 1) {
            hex = "0" + hex;
        }
        byte[] digits;
        try {
            digits = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new Undecryptable("IV " + shorten(text) + " is not hex");
        }
        System.arraycopy(digits, 0, iv, 16 - digits.length, digits.length);
        return iv;
    }

    private static Cipher cipher(byte[] key, byte[] iv) throws Undecryptable {
        try {
            // PKCS5Padding in the JCE is PKCS#7 for 16-byte blocks.
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new Undecryptable("AES-128 unavailable: " + e.getMessage());
        }
    }

    /** Stranger text in a note: bounded. */
    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
