package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.embedded.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real browser behind the proxy: Chromium from the OS package, sandboxed as user nobody, loads an HTTPS page with
 * an image while trusting nothing but the per-run keys ({@code --ignore-certificate-errors-spki-list}, never
 * {@code --ignore-certificate-errors}). Both requests are recorded with the origin's bytes and certificate.
 */
class RecordingProxyChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int NOBODY = 65534;

    @TempDir
    Path work;

    @Test
    void chromiumLoadsAnHttpsPageAndItsImageThroughTheProxyAndBothAreRecorded() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is installed at /usr/bin/chromium");
        SelfSignedCertificate cert = SelfSignedCertificate.generate();
        SSLContext trustOrigin = SSLContext.getInstance("TLS");
        trustOrigin.init(null, new TrustManager[]{cert.trustManager()}, null);
        byte[] image = png(37, 5);
        byte[] page = ("<!doctype html><html><body><p id=m>captured-through-proxy</p>"
                + "<img id=i src=/pic.png onload=\"document.getElementById('m').dataset.img=this.naturalWidth\"></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        Path profile = Files.createTempDirectory("proxy-chromium-");
        Files.setAttribute(profile, "unix:uid", NOBODY);
        Files.setAttribute(profile, "unix:gid", NOBODY);
        try (ScriptedOrigin origin = ScriptedOrigin.start("127.0.0.1", cert.serverContext(), r -> switch (r.target()) {
            case "/" -> ScriptedOrigin.ok("text/html; charset=utf-8", page);
            case "/pic.png" -> ScriptedOrigin.ok("image/png", image);
            default -> ScriptedOrigin.response("404 Not Found", java.util.Map.of("Content-Length", "0"), new byte[0]);
        });
             RecordingProxy proxy = RecordingProxy.start(ProxyFixture.settings(work, trustOrigin, 1 << 20, 10 << 20, 100),
                     ProxyFixture.only127001(), ProxyFixture.CA);
             ProxySession session = proxy.begin("chromium-1")) {
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    CHROMIUM.toString(), "--headless", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic",
                    "--proxy-server=127.0.0.1:" + proxy.address().getPort(), "--proxy-bypass-list=<-loopback>",
                    "--ignore-certificate-errors-spki-list=" + String.join(",", proxy.ca().spkiSha256Base64()),
                    "--user-data-dir=" + profile, "--dump-dom", origin.url("/")));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
            pb.environment().put("HOME", profile.toString());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process chromium = pb.start();
            byte[] dom = chromium.getInputStream().readAllBytes();
            assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
            PageRecording recording = session.finish();

            String shown = new String(dom, StandardCharsets.UTF_8);
            assertThat(shown).contains("captured-through-proxy");
            assertThat(shown).as("the image decoded in the browser").contains("data-img=\"37\"");
            RecordedExchange doc = recording.firstGet(origin.url("/")).orElseThrow();
            RecordedExchange img = recording.firstGet(origin.url("/pic.png")).orElseThrow();
            assertThat(doc.status()).isEqualTo(200);
            assertThat(doc.bodySha256()).isEqualTo(ProxyFixture.sha256(page));
            assertThat(img.status()).isEqualTo(200);
            assertThat(img.bodySha256()).isEqualTo(ProxyFixture.sha256(image));
            String originCert = ProxyFixture.sha256(cert.certificate().getEncoded());
            assertThat(doc.tlsPeerCertificateSha256()).containsExactly(originCert);
            assertThat(img.tlsPeerCertificateSha256()).containsExactly(originCert);
            assertThat(recording.refused()).isEmpty();
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A real PNG, so the browser decodes it and its load event reports the width. */
    private static byte[] png(int width, int height) throws java.io.IOException {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        picture.setRGB(1, 1, 0xFF0000);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", out);
        return out.toByteArray();
    }
}
