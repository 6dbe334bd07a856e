package org.evidencepipeline.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A minimal RFC 6455 WebSocket server on loopback that replays text frames, e.g. Jetstream events.
 * For each connection it records the request line (path and query, which carry cursors and filters)
 * and sends the frames the script returns for that request, then keeps the connection open until the
 * client closes it. Enough WebSocket for a client under test; not a general server.
 */
public final class WebSocketReplayServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket socket;
    private final Function<String, List<String>> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private WebSocketReplayServer(Function<String, List<String>> script) throws IOException {
        this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "ws-replay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @param script given the request path and query of a connection, the text frames to send on it */
    public static WebSocketReplayServer start(Function<String, List<String>> script) {
        try {
            return new WebSocketReplayServer(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "ws://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Path and query of every connection so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> serve(client), "ws-replay-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String requestLine = reader.readLine();
            String key = null;
            String line;
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                    key = line.substring(colon + 1).trim();
                }
            }
            String target = requestLine == null ? "" : requestLine.split(" ")[1];
            requests.add(target);
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String frame : script.apply(target)) {
                writeText(out, frame);
            }
            out.flush();
            // Wait for the client to close (or drop) the connection; answer its close frame.
            int b;
            while ((b = in.read()) != -1) {
                if ((b & 0x0F) == 0x8) {
                    out.write(new byte[]{(byte) 0x88, 0});
                    out.flush();
                    return;
                }
            }
        } catch (Exception e) {
            // connection dropped by the client: the normal end of a replay
        }
    }

    private static void writeText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        out.write(payload);
    }
}
