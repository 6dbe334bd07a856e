package org.evidencepipeline.capturer.proxy;

import java.io.IOException;
import java.io.InputStream;

/** Exactly {@code length} bytes of a stream (a Content-Length body); ending early is an error, not an end. */
final class BoundedInput extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInput(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) {
            throw new IOException("stream ended " + remaining + " bytes before its Content-Length");
        }
        remaining -= n;
        return n;
    }
}
