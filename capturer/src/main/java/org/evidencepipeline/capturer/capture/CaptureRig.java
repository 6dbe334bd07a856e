package org.evidencepipeline.capturer.capture;

import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.capturer.browser.Browser;
import org.evidencepipeline.capturer.browser.BrowserSettings;
import org.evidencepipeline.capturer.browser.ChromiumInstall;
import org.evidencepipeline.capturer.proxy.ProxyCa;
import org.evidencepipeline.capturer.proxy.ProxySettings;
import org.evidencepipeline.capturer.proxy.RecordingProxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * The recording proxy and the browser behind it, alive for the whole service: one per-run CA, one proxy on loopback,
 * one browser whose only network is that proxy and which trusts only that CA's keys besides the public roots.
 */
public record CaptureRig(RecordingProxy proxy, Browser browser) implements AutoCloseable {

    /**
     * @param browserSettings the browser's settings given the proxy's {@code host:port} and the CA's SPKI pins
     */
    public static CaptureRig start(ChromiumInstall install, ProxySettings proxySettings, VettedResolver resolver,
                                   Function<Wiring, BrowserSettings> browserSettings) throws IOException {
        ProxyCa ca = ProxyCa.generate();
        RecordingProxy proxy = RecordingProxy.start(proxySettings, resolver, ca);
        try {
            InetSocketAddress at = proxy.address();
            Browser browser = new Browser(install, browserSettings.apply(
                    new Wiring(at.getHostString() + ":" + at.getPort(), ca.spkiSha256Base64())));
            return new CaptureRig(proxy, browser);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /** What the browser must be told of the proxy. */
    public record Wiring(String proxyServer, java.util.List<String> spkiPins) {
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            proxy.close();
        }
    }
}
