package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.addresspolicy.RefusedAddressException;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.jboss.logging.Logger;
import org.netpreserve.jwarc.WarcTruncationReason;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One connection from the browser: one request (absolute-form, or CONNECT and one request inside the tunnel), vetted,
 * forwarded, recorded, answered, then closed. One exchange per connection ({@code Connection: close} both ways) is the
 * simplest framing that is always right; the browser opens another connection for its next request.
 */
final class BrowserConnection implements Runnable {
    private static final Logger LOG = Logger.getLogger(BrowserConnection.class);
    private static final int TLS_HANDSHAKE = 0x16;

    private final Socket browser;
    private final ProxySettings settings;
    private final VettedResolver resolver;
    private final ProxyCa ca;
    private final Supplier<ProxySession> session;

    BrowserConnection(Socket browser, ProxySettings settings, VettedResolver resolver, ProxyCa ca, Supplier<ProxySession> session) {
        this.browser = browser;
        this.settings = settings;
        this.resolver = resolver;
        this.ca = ca;
        this.session = session;
    }

    @Override
    public void run() {
        try (browser) {
            browser.setSoTimeout((int) settings.readTimeout().toMillis());
            PeekableInput in = new PeekableInput(browser.getInputStream());
            OutputStream out = browser.getOutputStream();
            HttpHead head = HttpHead.read(in).orElse(null);
            if (head == null) {
                return;
            }
            ProxySession s = session.get();
            if (s == null || !s.enter()) {
                plain(out, 503, "Service Unavailable", "no page capture in progress");
                return;
            }
            try {
                s.track(browser);
                String[] line = head.startLine().split(" ");
                if (line.length != 3) {
                    plain(out, 400, "Bad Request", "malformed request line");
                } else if (line[0].equals("CONNECT")) {
                    tunnel(s, Target.authority("https", line[1], "/"), in, out);
                } else {
                    exchange(s, Target.absolute(line[1]), line[0], head, in, out, null);
                }
            } finally {
                s.untrack(browser);
                s.leave();
            }
        } catch (IOException | RuntimeException e) {
            // the browser went away, a peer broke framing, or the session ended; only the kind is logged, never headers
            LOG.debugf("proxy connection ended: %s", e.getClass().getSimpleName());
        }
    }

    /** CONNECT: vetted before the tunnel opens; then TLS is intercepted, or (a ws:// through the proxy) read as plain HTTP. */
    private void tunnel(ProxySession s, Target connect, PeekableInput in, OutputStream out) throws IOException {
        String url = connect.url();
        List<InetAddress> vetted;
        try {
            vetted = resolver.lookup(connect.bareHost());
        } catch (RefusedAddressException e) {
            refuse(s, s.nextSeq(), out, url, e.getMessage());
            return;
        } catch (UnknownHostException e) {
            plain(out, 502, "Bad Gateway", "cannot resolve " + connect.host());
            return;
        }
        out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        int first = in.peek();
        if (first == -1) {
            return;
        }
        if (first != TLS_HANDSHAKE) {
            inner(s, connect.withScheme("http"), in, out, vetted);
            return;
        }
        SSLSocket tls = (SSLSocket) ca.serverContextFor(connect.bareHost()).getSocketFactory()
                .createSocket(browser, new ByteArrayInputStream(in.drainBuffered()), true);
        s.track(tls);
        try (tls) {
            tls.setUseClientMode(false);
            SSLParameters p = tls.getSSLParameters();
            p.setApplicationProtocols(new String[]{"http/1.1"}); // the proxy speaks HTTP/1.1 only
            tls.setSSLParameters(p);
            tls.startHandshake();
            inner(s, connect, new PeekableInput(tls.getInputStream()), tls.getOutputStream(), vetted);
        } finally {
            s.untrack(tls);
        }
    }

    private void inner(ProxySession s, Target connect, PeekableInput in, OutputStream out, List<InetAddress> vetted) throws IOException {
        HttpHead head = HttpHead.read(in).orElse(null);
        if (head == null) {
            return;
        }
        String[] line = head.startLine().split(" ");
        if (line.length != 3 || !line[1].startsWith("/")) {
            plain(out, 400, "Bad Request", "expected an origin-form request inside the tunnel");
            return;
        }
        exchange(s, connect.withPath(line[1]), line[0], head, in, out, vetted);
    }

    private void exchange(ProxySession s, Target target, String method, HttpHead request, InputStream in, OutputStream out,
                          List<InetAddress> vettedByConnect) throws IOException {
        long seq = s.nextSeq();
        boolean webSocket = request.hasToken("upgrade", "websocket");
        Target t = webSocket ? target.withScheme(target.tls() ? "wss" : "ws") : target;
        String url = t.url();
        String cap = s.admit();
        if (cap != null) {
            refuse(s, seq, out, url, cap);
            return;
        }
        List<InetAddress> vetted = vettedByConnect;
        if (vetted == null) {
            try {
                vetted = resolver.lookup(t.bareHost());
            } catch (RefusedAddressException e) {
                refuse(s, seq, out, url, e.getMessage());
                return;
            } catch (UnknownHostException e) {
                plain(out, 502, "Bad Gateway", "cannot resolve " + t.host());
                return;
            }
        }
        Instant started = Instant.now();
        byte[] body = requestBody(request, in);
        if (body == null) {
            plain(out, 413, "Content Too Large", "request body over " + settings.maxResponseBytes() + " bytes");
            return;
        }
        OriginLink link;
        try {
            link = OriginLink.open(t, vetted, resolver, settings, s);
        } catch (RefusedAddressException e) {
            refuse(s, seq, out, url, e.getMessage());
            return;
        } catch (OriginLink.Unreachable e) {
            plain(out, 502, "Bad Gateway", e.getMessage());
            return;
        }
        try (link) {
            String address = link.address();
            Socket wire = link.wire();
            List<byte[]> chain = link.chain();
            byte[] requestBlock = HopByHop.forwardRequest(request, method, t, body, webSocket);
            PeekableInput originIn = new PeekableInput(wire.getInputStream());
            HttpHead response;
            try {
                OutputStream originOut = wire.getOutputStream();
                originOut.write(requestBlock);
                originOut.flush();
                response = finalHead(originIn);
            } catch (java.net.SocketTimeoutException e) {
                plain(out, 504, "Gateway Timeout", "no response from " + t.host() + " within " + settings.readTimeout());
                return;
            } catch (IOException e) {
                plain(out, 502, "Bad Gateway", "no valid response from " + t.host());
                return;
            }
            int status = response.status();
            if (webSocket && status == 101) {
                out.write(response.bytes());
                out.flush();
                s.add(new SessionEntry.Exchange(seq, new RecordedExchange(method, url, 101, null, null, address,
                        hashes(chain), started, Instant.now(), null, 0, null, false, newId()), newId(), requestBlock,
                        response.bytes(), List.of(), List.of(), chain, true, null));
                relay(link.raw(), originIn, in, out);
                return;
            }
            relayResponse(s, seq, method, url, address, chain, started, requestBlock, response, originIn, out);
        } finally {
            link.untrack(s);
        }
    }

    private void relayResponse(ProxySession s, long seq, String method, String url, String address, List<byte[]> chain,
                               Instant started, byte[] requestBlock, HttpHead response, InputStream originIn,
                               OutputStream out) throws IOException {
        int status = response.status();
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200);
        boolean chunked = response.hasToken("transfer-encoding", "chunked");
        InputStream entity;
        if (noBody) {
            entity = InputStream.nullInputStream();
        } else if (chunked) {
            entity = new ChunkedInput(originIn);
        } else if (response.has("content-length")) {
            entity = new BoundedInput(originIn, parseLength(response.first("content-length").orElseThrow()));
        } else {
            entity = originIn; // delimited by the origin closing
        }

        List<HttpHead.Header> recorded = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (HttpHead.Header h : response.headers()) {
            if (HttpHead.named(h, "transfer-encoding")) {
                removed.add(h.name() + ": " + h.value());
            } else {
                recorded.add(h);
            }
        }
        List<HttpHead.Header> toBrowser = HopByHop.passedOn(response);
        toBrowser.add(new HttpHead.Header("Connection", "close"));
        boolean browserOpen = write(out, new HttpHead(response.startLine(), toBrowser).bytes());

        Path spool = noBody ? null : s.newSpoolFile();
        MessageDigest sha = sha256();
        long size = 0;
        boolean truncated = false;
        WarcTruncationReason cutBy = null;
        if (spool != null) {
            try (OutputStream file = Files.newOutputStream(spool)) {
                byte[] buf = new byte[64 * 1024];
                while (true) {
                    int n;
                    try {
                        n = entity.read(buf);
                    } catch (IOException e) {
                        truncated = true; // the origin broke off, timed out, or the session ended: what came is kept
                        cutBy = WarcTruncationReason.DISCONNECT;
                        break;
                    }
                    if (n == -1) {
                        break;
                    }
                    int granted = (int) s.takeBytes(Math.min(n, settings.maxResponseBytes() - size));
                    file.write(buf, 0, granted);
                    sha.update(buf, 0, granted);
                    size += granted;
                    if (browserOpen) {
                        browserOpen = write(out, buf, granted);
                    }
                    if (granted < n) {
                        truncated = true;
                        cutBy = WarcTruncationReason.LENGTH;
                        break;
                    }
                }
            }
        }
        if (browserOpen) {
            out.flush();
        }
        List<String> added = new ArrayList<>();
        if (!noBody && !response.has("content-length")) {
            recorded.add(new HttpHead.Header("Content-Length", Long.toString(size)));
            added.add("Content-Length: " + size + " (the response had none: it was chunked or ended by closing)");
        }
        RecordedExchange exchange = new RecordedExchange(method, url, status, response.first("content-type").orElse(null),
                response.first("location").orElse(null), address, hashes(chain), started, Instant.now(), spool, size,
                spool == null ? null : HexFormat.of().formatHex(sha.digest()), truncated, newId());
        s.add(new SessionEntry.Exchange(seq, exchange, newId(), requestBlock, new HttpHead(response.startLine(), recorded).bytes(),
                removed, added, chain, false, cutBy));
        if (truncated) {
            LOG.debugf("response body of %s cut at %d bytes", url, size);
        }
    }

    /** Until either side ends (or the session closes both): WebSocket frames pass unchanged both ways. */
    private static void relay(Socket origin, InputStream originIn, InputStream browserIn, OutputStream browserOut) throws IOException {
        origin.setSoTimeout(0);
        Thread up = new Thread(() -> {
            try {
                browserIn.transferTo(origin.getOutputStream());
            } catch (IOException ignored) {
                // one side closed
            } finally {
                ProxySession.closeQuietly(origin);
            }
        }, "proxy-ws-relay");
        up.setDaemon(true);
        up.start();
        try {
            originIn.transferTo(browserOut);
        } catch (IOException ignored) {
            // one side closed
        } finally {
            ProxySession.closeQuietly(origin);
        }
    }

    /** The request body (de-chunked), or null when it is over the cap. */
    private byte[] requestBody(HttpHead request, InputStream in) throws IOException {
        InputStream body;
        if (request.hasToken("transfer-encoding", "chunked")) {
            body = new ChunkedInput(in);
        } else if (request.has("content-length")) {
            long length = parseLength(request.first("content-length").orElseThrow());
            if (length > settings.maxResponseBytes()) {
                return null;
            }
            body = new BoundedInput(in, length);
        } else {
            return new byte[0];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        for (int n = body.read(buf); n != -1; n = body.read(buf)) {
            b.write(buf, 0, n);
            if (b.size() > settings.maxResponseBytes()) {
                return null;
            }
        }
        return b.toByteArray();
    }

    /** Skips interim 1xx responses (100 Continue, 103 Early Hints) except 101, which starts a WebSocket. */
    private static HttpHead finalHead(InputStream in) throws IOException {
        while (true) {
            HttpHead h = HttpHead.read(in).orElseThrow(() -> new IOException("origin closed before responding"));
            int status = h.status();
            if (status >= 200 || status == 101) {
                return h;
            }
        }
    }

    private void refuse(ProxySession s, long seq, OutputStream out, String url, String reason) throws IOException {
        s.refused(seq, url, reason);
        LOG.debugf("refused %s: %s", url, reason);
        plain(out, 403, "Forbidden", "refused by the capture proxy: " + reason);
    }

    private static void plain(OutputStream out, int status, String phrase, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static boolean write(OutputStream out, byte[] bytes) {
        return write(out, bytes, bytes.length);
    }

    /** Writes to the browser; false once it has gone (the origin's body is still read to the end and recorded). */
    private static boolean write(OutputStream out, byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value.split(",")[0].trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length");
        }
    }

    private static List<String> hashes(List<byte[]> chain) {
        MessageDigest sha = sha256();
        return chain.stream().map(d -> HexFormat.of().formatHex(sha.digest(d))).toList();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        return "<urn:uuid:" + UUID.randomUUID() + ">";
    }
}
