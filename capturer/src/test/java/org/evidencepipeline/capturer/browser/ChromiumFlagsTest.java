package org.evidencepipeline.capturer.browser;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChromiumFlagsTest {

    @Test
    void theProxyIsTheOnlyNetworkAndTheSandboxIsNeverSwitchedOff() {
        BrowserSettings settings = new BrowserSettings(1280, 800, 16384, Duration.ofSeconds(1), 25, 1536L << 20,
                Optional.of("nobody"), "127.0.0.1:3128", List.of("pinA=", "pinB="), Path.of("/w"));

        List<String> flags = ChromiumFlags.of(settings, Path.of("/w/chromium-1"));

        assertThat(flags).contains("--headless", "--user-data-dir=/w/chromium-1", "--proxy-server=127.0.0.1:3128",
                "--proxy-bypass-list=<-loopback>", "--ignore-certificate-errors-spki-list=pinA=,pinB=",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-gpu", "--disable-quic", "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                "--window-size=1280,800", "--js-flags=--max-old-space-size=384", "--remote-debugging-address=127.0.0.1");
        assertThat(flags).noneMatch(f -> f.contains("no-sandbox") || f.contains("disable-setuid-sandbox")
                || f.contains("ignore-certificate-errors") && !f.startsWith("--ignore-certificate-errors-spki-list="));
        assertThat(flags.get(flags.size() - 1)).isEqualTo("about:blank");
    }

    @Test
    void withoutPinsNoCertificateIsAcceptedBeyondTheSystemOnes() {
        BrowserSettings settings = new BrowserSettings(800, 600, 1000, Duration.ZERO, 1, 256L << 20, Optional.empty(),
                "127.0.0.1:1", List.of(), Path.of("/w"));

        assertThat(ChromiumFlags.of(settings, Path.of("/w/p"))).noneMatch(f -> f.startsWith("--ignore-certificate-errors"))
                .contains("--js-flags=--max-old-space-size=64");
    }
}
