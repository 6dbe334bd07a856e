package org.evidencepipeline.apiauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * One role's token and the check of a presented token against it. Both sides are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so the time taken reveals neither the token's content nor its
 * length. The token itself is never logged or returned.
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

    /** From a configured value or file content (surrounding whitespace, e.g. a file's newline, is dropped); empty if blank. */
    public static Optional<ApiToken> of(String configured) {
        String token = configured == null ? "" : configured.strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(new ApiToken(sha256(token), token.length()));
    }

    public boolean isShort() {
        return length < RECOMMENDED_MIN_LENGTH;
    }

    /** Constant-time: true if {@code presented} (already taken out of the header) is this token. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(expected, sha256(presented == null ? "" : presented));
    }

    boolean sameAs(ApiToken other) {
        return MessageDigest.isEqual(expected, other.expected);
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive), if it is one. */
    public static Optional<String> bearer(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = header.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
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
        return "ApiToken[set]";
    }
}
