package org.evidencepipeline.capturer.proxy;

import javax.net.ssl.SSLContext;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback origin for proxy tests that answers each request with bytes the test writes itself (so it can send
 * chunked or close-delimited bodies, redirects, anything), one response per connection; optionally over TLS.
 */
final class ScriptedOrigin implements AutoCloseable {
    record Request(String requestLine, Map<String, String> headers, byte[] body) {
        String target() {
            return requestLine.split(" ")[1];
        }
    }

    private final ServerSocket server;
    private final boolean tls;
    private final Function<Request, byte[]> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final long holdOpenMillis;

    private ScriptedOrigin(ServerSocket server, boolean tls, Function<Request, byte[]> script, long holdOpenMillis) {
        this.holdOpenMillis = holdOpenMillis;
        this.server = server;
        this.tls = tls;
        this.script = script;
        Thread t = new Thread(this::accept, "scripted-origin");
        t.setDaemon(true);
        t.start();
    }

    static ScriptedOrigin start(String bindAddress, SSLContext tls, Function<Request, byte[]> script) {
        return start(bindAddress, tls, script, 0);
    }

    /** @param holdOpenMillis how long a connection stays open after the scripted bytes (a stalled body) */
    static ScriptedOrigin start(String bindAddress, SSLContext tls, Function<Request, byte[]> script, long holdOpenMillis) {
        try {
            InetAddress bind = InetAddress.getByName(bindAddress);
            ServerSocket s = tls == null ? new ServerSocket(0, 50, bind) : tls.getServerSocketFactory().createServerSocket(0, 50, bind);
            return new ScriptedOrigin(s, tls != null, script, holdOpenMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return (tls ? "https" : "http") + "://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + path;
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static byte[] ok(String contentType, byte[] body) {
        return response("200 OK", Map.of("Content-Type", contentType, "Content-Length", Integer.toString(body.length)), body);
    }

    static byte[] redirect(String location) {
        return response("302 Found", Map.of("Location", location, "Content-Length", "0"), new byte[0]);
    }

    /** {@code body} in chunks of {@code chunk} bytes, with a chunk extension and a trailer to be stripped. */
    static byte[] chunked(String contentType, byte[] body, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static byte[] response(String status, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> answer(s), "scripted-origin-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            if (requestLine.isEmpty()) {
                return; // a liveness probe, not a request
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            Request r = new Request(requestLine, headers, in.readNBytes(length));
            requests.add(r);
            OutputStream out = s.getOutputStream();
            out.write(script.apply(r));
            out.flush();
            if (holdOpenMillis > 0) {
                s.setSoTimeout((int) holdOpenMillis);
                in.read(); // until the peer hangs up or the time passes
            }
        } catch (IOException | RuntimeException ignored) {
            // the proxy hung up
        }
    }

    private static String line(InputStream in) throws IOException {
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
