package org.evidencepipeline.capturer.proxy;

import java.io.IOException;
import java.io.InputStream;

/** The entity body of an HTTP/1.1 {@code chunked} message: chunk sizes, extensions and trailers removed. */
final class ChunkedInput extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                while (!line().isEmpty()) {
                    // trailer fields: not part of the entity body
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) {
            throw new IOException("stream ended inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            line(); // the CRLF after the chunk data
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String l = line();
        int semi = l.indexOf(';');
        String hex = (semi >= 0 ? l.substring(0, semi) : l).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size");
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new IOException("stream ended inside chunk framing");
            }
            if (c != '\r') {
                s.append((char) c);
            }
            if (s.length() > 4096) {
                throw new IOException("chunk framing line too long");
            }
        }
        return s.toString();
    }
}
