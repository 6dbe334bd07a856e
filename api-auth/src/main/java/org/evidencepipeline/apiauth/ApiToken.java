package org.evidencepipeline.apiauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The configured API token and the check of an {@code Authorization} header against it. Both sides are
 * compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken reveals neither the
 * token's content nor its length. The token itself is never logged or returned.
 */
public final class ApiToken {
    /** Shorter tokens still work, but the service warns at start-up. */
    public static final int RECOMMENDED_MIN_LENGTH = 24;

    private final byte[] expected;
    private final int length;

    private ApiToken(byte[] expected, int length) {
        this.expected = expected;
        this.length = length;
    }

    /** From the configured value; absent or blank means the API is open. */
    public static ApiToken of(Optional<String> configured) {
        String token = configured.map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
        return token == null ? new ApiToken(null, 0) : new ApiToken(sha256(token), token.length());
    }

    public boolean isOpen() {
        return expected == null;
    }

    public boolean isShort() {
        return !isOpen() && length < RECOMMENDED_MIN_LENGTH;
    }

    /** True if the API is open, or the header is {@code Bearer <the token>} (scheme case-insensitive). */
    public boolean permits(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        if (authorizationHeader == null) {
            return false;
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(header.substring(space + 1).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return isOpen() ? "ApiToken[open]" : "ApiToken[set]";
    }
}
