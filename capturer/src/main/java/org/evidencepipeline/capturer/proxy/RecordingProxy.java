package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.addresspolicy.VettedResolver;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The browser's only way out: a forward proxy on loopback that vets every request (plain HTTP in absolute form, HTTPS
 * by CONNECT, WebSocket upgrades, and each redirect, which the browser makes as a new request) through the shared
 * address policy, connects to the vetted address itself, and records each exchange as the origin sent it. HTTPS is
 * intercepted with certificates of a per-run {@link ProxyCa} that only this browser trusts, so the recording holds the
 * origin's own TLS chain and IP (as warcprox does for Brozzler). One recording session at a time: requests that arrive
 * with no session open are refused.
 */
public final class RecordingProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecordingProxy.class);
    /**
     * Connections served at once; beyond it a connection gets 503 and is closed. Chromium keeps at most 32 sockets per
     * proxy, so this leaves room for WebSockets and connections still closing, and bounds threads if anything else
     * on loopback connects.
     */
    static final int MAX_CONNECTIONS = 96;

    private final ServerSocket server;
    private final ProxySettings settings;
    private final VettedResolver resolver;
    private final ProxyCa ca;
    private final ThreadPoolExecutor pool;
    private final AtomicReference<ProxySession> current = new AtomicReference<>();
    private final Thread acceptor;

    private RecordingProxy(ServerSocket server, ProxySettings settings, VettedResolver resolver, ProxyCa ca) {
        this.server = server;
        this.settings = settings;
        this.resolver = resolver;
        this.ca = ca;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "recording-proxy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "recording-proxy-accept");
        acceptor.setDaemon(true);
    }

    /** Starts listening on 127.0.0.1 on a free port. */
    public static RecordingProxy start(ProxySettings settings, VettedResolver resolver, ProxyCa ca) throws IOException {
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
        RecordingProxy proxy = new RecordingProxy(server, settings, resolver, ca);
        proxy.acceptor.start();
        return proxy;
    }

    /** Where the browser is told to send everything ({@code --proxy-server}). */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** The CA whose certificates the browser is shown for HTTPS. */
    public ProxyCa ca() {
        return ca;
    }

    /**
     * Opens the recording of one page load.
     *
     * @throws IllegalStateException if a session is still open
     */
    public ProxySession begin(String captureId) {
        ProxySession[] holder = new ProxySession[1];
        ProxySession session = new ProxySession(captureId, settings, () -> current.compareAndSet(holder[0], null));
        holder[0] = session;
        if (!current.compareAndSet(null, session)) {
            session.close();
            throw new IllegalStateException("a recording session is still open: " + current.get().captureId());
        }
        return session;
    }

    @Override
    public void close() {
        ProxySession open = current.get();
        if (open != null) {
            open.close();
        }
        ProxySession.closeQuietly(server);
        pool.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket browser;
            try {
                browser = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                pool.execute(new BrowserConnection(browser, settings, resolver, ca, current::get));
            } catch (RejectedExecutionException full) {
                LOG.debug("proxy connection refused: too many connections");
                busy(browser);
            }
        }
    }

    private static void busy(Socket browser) {
        try (browser; OutputStream out = browser.getOutputStream()) {
            out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 25\r\n"
                    + "Connection: close\r\n\r\ntoo many open connections").getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException ignored) {
            // the browser retries or gives up
        }
    }
}
