package org.evidencepipeline.capturer.proxy;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered stream that can hand over what it has buffered but not yet returned: after a CONNECT the browser's
 * TLS ClientHello may already sit in the buffer, and the TLS socket layered on top must see those bytes first.
 */
final class PeekableInput extends BufferedInputStream {
    PeekableInput(InputStream in) {
        super(in, 16 * 1024);
    }

    /** Removes and returns the buffered bytes; the underlying stream is not read. */
    synchronized byte[] drainBuffered() {
        byte[] b = Arrays.copyOfRange(buf, pos, count);
        pos = count;
        markpos = -1;
        return b;
    }

    /** The next byte without consuming it, or -1 at end of stream. */
    synchronized int peek() throws java.io.IOException {
        mark(1);
        int b = read();
        reset();
        return b;
    }
}
