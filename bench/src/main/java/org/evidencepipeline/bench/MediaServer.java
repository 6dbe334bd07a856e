package org.evidencepipeline.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves each post's image, {@code /media/<seed>-<post number>-<base>.jpg}, built on request from the cached JPEG
 * pool (100k posts would be gigabytes if held in memory, so bodies are made per request).
 */
final class MediaServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final JpegPool jpegs;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytesServed = new AtomicLong();

    MediaServer(JpegPool jpegs) {
        this.jpegs = jpegs;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "bench-media");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/media/", this::handle);
        server.start();
    }

    String url(long seed, long post, int base) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/media/" + seed + "-" + post + "-" + base + ".jpg";
    }

    static String uniqueText(long seed, long post) {
        return "evidence-pipeline bench corpus " + seed + " post " + post;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/media/".length());
            String[] parts = name.replace(".jpg", "").split("-");
            if (parts.length != 3) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = jpegs.variant(Integer.parseInt(parts[2]), uniqueText(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            requests.incrementAndGet();
            bytesServed.addAndGet(body.length);
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (NumberFormatException e) {
            exchange.sendResponseHeaders(404, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
