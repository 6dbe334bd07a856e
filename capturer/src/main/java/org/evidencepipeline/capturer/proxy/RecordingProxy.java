package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.addresspolicy.VettedResolver;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The browser's only way out: a forward proxy on loopback that vets every request (plain HTTP in absolute form, HTTPS
 * by CONNECT, WebSocket upgrades, and each redirect, which the browser makes as a new request) through the shared
 * address policy, connects to the vetted address itself, and records each exchange as the origin sent it. HTTPS is
 * intercepted with certificates of a per-run {@link ProxyCa} that only this browser trusts, so the recording holds the
 * origin's own TLS chain and IP (as warcprox does for Brozzler). One recording session at a time: requests that arrive
 * with no session open are refused.
 */
public final class RecordingProxy implements AutoCloseable {

    /** Starts listening on 127.0.0.1 on a free port. */
    public static RecordingProxy start(ProxySettings settings, VettedResolver resolver, ProxyCa ca) throws IOException {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /** Where the browser is told to send everything ({@code --proxy-server}). */
    public InetSocketAddress address() {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /** The CA whose certificates the browser is shown for HTTPS. */
    public ProxyCa ca() {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /**
     * Opens the recording of one page load.
     *
     * @throws IllegalStateException if a session is still open
     */
    public ProxySession begin(String captureId) {
        throw new UnsupportedOperationException("TODO proxy");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO proxy");
    }
}
