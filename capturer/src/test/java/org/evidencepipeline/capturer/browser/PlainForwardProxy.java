package org.evidencepipeline.capturer.browser;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test-only stand-in for the recording proxy: a plain-HTTP forward proxy that relays absolute-form GETs to loopback
 * origins, one request per connection, and records the URLs it saw. The browser tests need the browser to have a
 * proxy (its only network), not the recording itself.
 */
final class PlainForwardProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "plain-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> urls = new CopyOnWriteArrayList<>();

    private PlainForwardProxy(ServerSocket socket) {
        this.socket = socket;
    }

    static PlainForwardProxy start() {
        try {
            PlainForwardProxy proxy = new PlainForwardProxy(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
            proxy.connections.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    List<String> urls() {
        return List.copyOf(urls);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.execute(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String requestLine = line(in);
            String[] parts = requestLine.split(" ");
            if (parts.length < 3 || !parts[1].startsWith("http://")) {
                client.getOutputStream().write("HTTP/1.1 405 X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            URI target = URI.create(parts[1]);
            urls.add(parts[1]);
            StringBuilder head = new StringBuilder(parts[0] + " " + (target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " HTTP/1.1\r\n");
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String name = h.substring(0, Math.max(0, h.indexOf(':'))).trim().toLowerCase();
                if (!name.equals("proxy-connection") && !name.equals("connection")) {
                    head.append(h).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            try (Socket origin = new Socket(target.getHost(), target.getPort() < 0 ? 80 : target.getPort())) {
                OutputStream up = origin.getOutputStream();
                up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.flush();
                // The origin answers with Connection: close, so its bytes end where the response ends.
                origin.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException | RuntimeException gone) {
            // the browser hung up (a killed browser, a deadline) or the proxy is closing
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdownNow();
    }
}
