package org.evidencepipeline.capturer.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The start line and header fields of one HTTP/1.1 message, in the order and spelling they came. */
record HttpHead(String startLine, List<Header> headers) {
    /** Heads larger than this are refused: no browser or honest origin needs more. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    record Header(String name, String value) {
    }

    HttpHead {
        headers = List.copyOf(headers);
    }

    /** Reads a head; empty at a clean end of stream before any byte (the peer closed an idle connection). */
    static Optional<HttpHead> read(InputStream in) throws IOException {
        String start = line(in, true);
        if (start == null) {
            return Optional.empty();
        }
        int total = start.length();
        List<Header> headers = new ArrayList<>();
        while (true) {
            String l = line(in, false);
            if (l.isEmpty()) {
                return Optional.of(new HttpHead(start, headers));
            }
            total += l.length();
            if (total > MAX_HEAD_BYTES) {
                throw new IOException("message head over " + MAX_HEAD_BYTES + " bytes");
            }
            if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && !headers.isEmpty()) {
                // obsolete line folding: joined to the previous field, as RFC 9112 tells a proxy to do
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + l.trim()));
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line");
            }
            headers.add(new Header(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
        }
    }

    Optional<String> first(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    boolean has(String name) {
        return first(name).isPresent();
    }

    /** Whether a comma-separated field (Connection, Transfer-Encoding, Upgrade) names {@code token}. */
    boolean hasToken(String name, String token) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name))
                .flatMap(h -> java.util.Arrays.stream(h.value().split(",")))
                .anyMatch(t -> t.trim().equalsIgnoreCase(token));
    }

    /** The status code of a response head. */
    int status() throws IOException {
        String[] parts = startLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("malformed status line");
        }
    }

    /** The head as bytes on the wire (ISO-8859-1, CRLF), including the empty line that ends it. */
    byte[] bytes() {
        StringBuilder s = new StringBuilder(startLine).append("\r\n");
        headers.forEach(h -> s.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        return s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static boolean named(Header h, String... names) {
        String n = h.name().toLowerCase(Locale.ROOT);
        for (String name : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String line(InputStream in, boolean startOfMessage) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > MAX_HEAD_BYTES) {
                throw new IOException("line over " + MAX_HEAD_BYTES + " bytes");
            }
        }
        if (c == -1) {
            if (startOfMessage && b.size() == 0) {
                return null;
            }
            throw new IOException("stream ended inside a message head");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
