package org.evidencepipeline.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that replays recorded-shape payloads: feeds, API responses and media bytes.
 * Each path serves a fixed body (with an ETag, answering conditional GETs with 304), or a scripted
 * sequence of responses for rate limits and failures. Every request is recorded for assertions.
 */
public final class FeedReplayServer implements AutoCloseable {
    /** One scripted answer. */
    public record Response(int status, byte[] body, String contentType, Map<String, String> headers) {
        public static Response ok(byte[] body, String contentType) {
            return new Response(200, body, contentType, Map.of());
        }

        public static Response status(int status, Map<String, String> headers) {
            return new Response(status, new byte[0], "text/plain", headers);
        }

        public static Response redirect(int status, String location) {
            return new Response(status, new byte[0], "text/plain", Map.of("Location", location));
        }

        /** Sent without Content-Length (chunked), so a client cannot refuse it up front by its declared size. */
        public static Response chunked(byte[] body, String contentType) {
            return new Response(200, body, contentType, Map.of(CHUNKED, "true"));
        }

        /** Sends half the body, then stalls for {@code stallMillis} before the rest: a slowloris server. */
        public static Response stalling(byte[] body, String contentType, long stallMillis) {
            return new Response(200, body, contentType, Map.of(STALL_MILLIS, Long.toString(stallMillis)));
        }
    }

    /** A request as the server saw it. */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private static final String CHUNKED = "X-Replay-Chunked";
    private static final String STALL_MILLIS = "X-Replay-Stall-Millis";

    private final HttpServer server;
    private final Map<String, Response> fixed = new ConcurrentHashMap<>();
    private final Map<String, Deque<Response>> scripted = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FeedReplayServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static FeedReplayServer start() {
        try {
            return serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts on a free port of another loopback address (e.g. {@code 127.0.0.2}), so a test has two distinct
     * origins and addresses on this machine: one an address policy allows, one it refuses.
     */
    public static FeedReplayServer startOn(String loopbackAddress) {
        try {
            InetAddress address = InetAddress.getByName(loopbackAddress);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("not a loopback address: " + loopbackAddress);
            }
            return serve(HttpServer.create(new InetSocketAddress(address, 0), 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same server over TLS with {@code certificate}; clients must trust it explicitly. */
    public static FeedReplayServer startHttps(SelfSignedCertificate certificate) {
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            return serve(https);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FeedReplayServer serve(HttpServer http) {
        {
            FeedReplayServer replay = new FeedReplayServer(http);
            http.createContext("/", replay::handle);
            http.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "feed-replay");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            return replay;
        }
    }

    public String baseUrl() {
        InetAddress bound = server.getAddress().getAddress();
        String host = bound instanceof java.net.Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        return (server instanceof HttpsServer ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort();
    }

    public String url(String path) {
        return baseUrl() + path;
    }

    /** Serves {@code body} at {@code path} (path plus query, exact match) until replaced. */
    public FeedReplayServer serve(String path, byte[] body, String contentType) {
        fixed.put(path, Response.ok(body, contentType));
        return this;
    }

    public FeedReplayServer serve(String path, String body, String contentType) {
        return serve(path, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public FeedReplayServer serve(String path, Response response) {
        fixed.put(path, response);
        return this;
    }

    /** Answers the next requests to {@code path} with these responses in order, then falls back to {@link #serve}. */
    public FeedReplayServer script(String path, Response... responses) {
        scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(responses));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        List<Request> matching = new ArrayList<>();
        for (Request r : requests) {
            if (r.pathAndQuery().equals(path)) {
                matching.add(r);
            }
        }
        return matching;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String key = query == null ? path : path + "?" + query;
            Request request = new Request(exchange.getRequestMethod(), key, Map.copyOf(exchange.getRequestHeaders()));
            requests.add(request);
            Response response = next(key);
            if (response == null) {
                send(exchange, new Response(404, ("no replay for " + key).getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()), null);
                return;
            }
            String etag = response.status() == 200 ? "\"" + sha256(response.body()).substring(0, 16) + "\"" : null;
            if (etag != null && etag.equals(request.header("If-None-Match"))) {
                send(exchange, new Response(304, new byte[0], null, Map.of()), etag);
                return;
            }
            send(exchange, response, etag);
        }
    }

    private Response next(String key) {
        Deque<Response> queue = scripted.get(key);
        if (queue != null) {
            synchronized (queue) {
                Response r = queue.poll();
                if (r != null) {
                    return r;
                }
            }
        }
        return fixed.get(key);
    }

    private static void send(HttpExchange exchange, Response response, String etag) throws IOException {
        var headers = exchange.getResponseHeaders();
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        if (etag != null) {
            headers.set("ETag", etag);
        }
        response.headers().forEach((k, v) -> {
            if (!k.equals(CHUNKED) && !k.equals(STALL_MILLIS)) {
                headers.set(k, v);
            }
        });
        boolean noBody = response.status() == 304 || response.status() == 204 || "HEAD".equals(exchange.getRequestMethod());
        boolean chunked = response.headers().containsKey(CHUNKED) || response.headers().containsKey(STALL_MILLIS);
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : chunked ? 0 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                String stall = response.headers().get(STALL_MILLIS);
                if (stall == null) {
                    out.write(response.body());
                } else {
                    int half = response.body().length / 2;
                    out.write(response.body(), 0, half);
                    out.flush();
                    Pause.millis(Long.parseLong(stall));
                    out.write(response.body(), half, response.body().length - half);
                }
            } catch (IOException | IllegalStateException clientGaveUp) {
                // the client hung up first (a timeout test); nothing to do
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
