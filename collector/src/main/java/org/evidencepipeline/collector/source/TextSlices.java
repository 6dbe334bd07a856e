package org.evidencepipeline.collector.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;

/**
 * Finds the bytes of a body behind a slice of the text it was decoded to, so a post's raw item can be named as a byte
 * range of the body as received although the parser that found it counted characters.
 * <p>
 * Offsets are found by decoding, not by re-encoding the text before them: a malformed byte decodes to U+FFFD, which
 * re-encodes to other bytes, so encoding would put every later item in the wrong place. The decoder is the same
 * charset's with the same replacement {@code new String(bytes, charset)} uses, and each slice is checked: its bytes,
 * decoded on their own, must give back exactly the characters the parser read. A slice that does not (a stateful
 * charset, a decoder that reads across the cut) is refused rather than pointed at wrong bytes.
 * <p>
 * Queries in ascending order cost one pass over the body in all; a query behind the last one starts again.
 */
public final class TextSlices {
    private static final int CHUNK = 8192;

    private final byte[] body;
    private final int start;
    private final Charset charset;
    private final CharBuffer scratch = CharBuffer.allocate(CHUNK);
    private CharsetDecoder decoder;
    private ByteBuffer in;
    private int chars;

    /** A byte range of the body. */
    public record ByteRange(int offset, int length) {
    }

    /** Why a slice of the text cannot be named exactly as bytes. */
    public static final class NotExact extends Exception {
        public NotExact(String message) {
            super(message);
        }
    }

    /**
     * @param body    the body as received
     * @param start   where its text starts (after a byte order mark the decoding skipped)
     * @param charset the charset the text was decoded with
     */
    public TextSlices(byte[] body, int start, Charset charset) {
        this.body = Objects.requireNonNull(body, "body");
        this.charset = Objects.requireNonNull(charset, "charset");
        if (start < 0 || start > body.length) {
            throw new IllegalArgumentException("text start " + start + " is outside a body of " + body.length + " bytes");
        }
        this.start = start;
        restart();
    }

    /**
     * The bytes of characters {@code [charStart, charEnd)} of the text decoded from {@code body[start..]}, checked to
     * decode to {@code expected} (those characters as the parser read them).
     */
    public ByteRange slice(int charStart, int charEnd, String expected) throws NotExact {
        if (charStart < 0 || charEnd < charStart) {
            throw new IllegalArgumentException("no character range [" + charStart + ", " + charEnd + ")");
        }
        int from = byteOffset(charStart);
        int to = byteOffset(charEnd);
        String decoded = new String(body, from, to - from, charset);
        if (!decoded.equals(expected)) {
            throw new NotExact("bytes [" + from + ", " + to + ") decoded as " + charset.name()
                    + " do not give back characters [" + charStart + ", " + charEnd + ") of the text");
        }
        return new ByteRange(from, to - from);
    }

    /** The body offset of the first byte of character {@code target}: decoding exactly that many characters. */
    private int byteOffset(int target) throws NotExact {
        if (target < chars) {
            restart();
        }
        while (chars < target) {
            scratch.clear();
            scratch.limit(Math.min(CHUNK, target - chars));
            CoderResult result = decoder.decode(in, scratch, true);
            int produced = scratch.position();
            chars += produced;
            if (produced == 0 && chars < target) {
                throw new NotExact(result.isOverflow()
                        ? "character " + target + " is the second half of a surrogate pair"
                        : "the text decoded from the body has fewer than " + target + " characters");
            }
        }
        return in.position();
    }

    private void restart() {
        decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        in = ByteBuffer.wrap(body, start, body.length - start);
        chars = 0;
    }
}
