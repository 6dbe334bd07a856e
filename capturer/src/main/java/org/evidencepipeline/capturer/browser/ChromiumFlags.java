package org.evidencepipeline.capturer.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command-line flags of a capture browser; each says what it keeps out of the evidence or off the network. */
final class ChromiumFlags {
    private static final long MIB = 1024L * 1024;

    private ChromiumFlags() {
    }

    static List<String> of(BrowserSettings settings, Path profile) {
        List<String> flags = new ArrayList<>(List.of(
                "--headless",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                // The recording proxy is the only network, loopback included (Chromium bypasses it for loopback
                // unless told otherwise), so every byte the page loads is in the WARC and under the address policy.
                "--proxy-server=" + settings.proxyServer(),
                "--proxy-bypass-list=<-loopback>",
                // No traffic of the browser's own (updates, sync, safe browsing, metrics) mixed into the page's.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-default-browser-check",
                "--no-first-run",
                "--no-pings",
                "--metrics-recording-only",
                "--disable-breakpad",
                "--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions,AutofillServerCommunication",
                // QUIC would go around an HTTP proxy; WebRTC must not reveal local addresses or send UDP past it (the
                // flag alone is not honoured by Chromium 156: the profile's preference does it, see ChromiumProcess).
                "--disable-quic",
                "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--mute-audio",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=" + settings.viewportWidth() + "," + settings.viewportHeight(),
                // A page that fills the JS heap without bound gets its renderer killed by V8 well before the tree's cap.
                "--js-flags=--max-old-space-size=" + Math.max(64, settings.memoryCapBytes() / 4 / MIB)));
        if (!settings.spkiPins().isEmpty()) {
            flags.add("--ignore-certificate-errors-spki-list=" + String.join(",", settings.spkiPins()));
        }
        flags.add("about:blank");
        return flags;
    }
}
