package org.evidencepipeline.testsupport;

import org.evidencepipeline.embedded.Pause;
import org.evidencepipeline.embedded.FeedReplayServer;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP/1.1 server that matches request targets byte for byte. {@link FeedReplayServer} (the JDK server)
 * answers 400 to a target {@code java.net.URI} rejects, such as a query with {@code {}|}, which real servers and
 * OkHttp accept. It can also answer slowly: a delay before the status line, or a body dripped a byte at a time
 * (never silent long enough for a read timeout). One response per connection ({@code Connection: close}).
 */
public final class RawHttpServer implements AutoCloseable {
    /** One answer; {@code delayMillis} before the status line, {@code dripMillis} between body bytes (0: at once). */
    public record Reply(int status, Map<String, String> headers, byte[] body, long delayMillis, long dripMillis) {
        public static Reply ok(byte[] body, String contentType) {
            return new Reply(200, Map.of("Content-Type", contentType), body, 0, 0);
        }

        public static Reply redirect(int status, String location) {
            return new Reply(status, Map.of("Location", location), new byte[0], 0, 0);
        }

        public Reply delayed(long millis) {
            return new Reply(status, headers, body, millis, dripMillis);
        }

        public Reply dripping(long millisPerByte) {
            return new Reply(status, headers, body, delayMillis, millisPerByte);
        }
    }

    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();

    private RawHttpServer(ServerSocket socket) {
        this.socket = socket;
    }

    public static RawHttpServer start() {
        try {
            RawHttpServer server = new RawHttpServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
            server.connections.execute(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code target} exactly as it will appear in the request line, e.g. {@code /a.jpg?q={x}|y}. */
    public RawHttpServer serve(String target, Reply reply) {
        replies.put(target, reply);
        return this;
    }

    public String url(String target) {
        return "http://127.0.0.1:" + socket.getLocalPort() + target;
    }

    /** Request targets received, in order, as sent. */
    public List<String> targets() {
        return List.copyOf(targets);
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

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.execute(() -> answer(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            while (!line(in).isEmpty()) {
                // headers: not needed
            }
            String[] parts = requestLine.split(" ");
            String target = parts.length > 1 ? parts[1] : "";
            targets.add(target);
            Reply reply = replies.getOrDefault(target, new Reply(404, Map.of("Content-Type", "text/plain"),
                    ("no reply for " + target).getBytes(StandardCharsets.UTF_8), 0, 0));
            Pause.millis(reply.delayMillis());
            OutputStream out = s.getOutputStream();
            Map<String, String> headers = new LinkedHashMap<>(reply.headers());
            headers.put("Content-Length", Integer.toString(reply.body().length));
            headers.put("Connection", "close");
            StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " X\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (reply.dripMillis() <= 0) {
                out.write(reply.body());
            } else {
                for (byte b : reply.body()) {
                    out.write(b);
                    out.flush();
                    Pause.millis(reply.dripMillis());
                }
            }
            out.flush();
        } catch (IOException | RuntimeException clientGaveUp) {
            // the client hung up (a deadline test) or the server is closing
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
