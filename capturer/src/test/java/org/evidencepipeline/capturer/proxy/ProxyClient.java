package org.evidencepipeline.capturer.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP/1.1 client of the proxy, as a browser speaks to it: absolute-form requests and CONNECT. */
final class ProxyClient {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private ProxyClient() {
    }

    static Response get(InetSocketAddress proxy, String url) throws IOException {
        String hostPort = url.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
        return send(proxy, ("GET " + url + " HTTP/1.1\r\nHost: " + hostPort + "\r\nAccept: */*\r\n"
                + "Proxy-Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response send(InetSocketAddress proxy, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(proxy, 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    /** Opens a CONNECT tunnel; the socket is returned after a 200, else the refusal is thrown as {@link Refused}. */
    static Socket connect(InetSocketAddress proxy, String hostPort) throws IOException {
        Socket s = new Socket();
        s.connect(proxy, 5_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("CONNECT " + hostPort + " HTTP/1.1\r\nHost: " + hostPort + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        String status = line(in);
        Map<String, String> headers = headers(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        if (code != 200) {
            byte[] body = in.readAllBytes();
            s.close();
            throw new Refused(new Response(code, headers, body));
        }
        return s;
    }

    static final class Refused extends IOException {
        final Response response;

        Refused(Response response) {
            super("CONNECT answered " + response.status());
            this.response = response;
        }
    }

    /** A response read to the end of the connection (the proxy closes after each one). */
    static Response read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = headers(in);
        byte[] rest = in.readAllBytes();
        String length = headers.get("content-length");
        byte[] body = length == null ? rest : Arrays.copyOf(rest, Math.min(rest.length, Integer.parseInt(length)));
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return headers;
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
