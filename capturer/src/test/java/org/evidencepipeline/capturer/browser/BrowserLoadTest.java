package org.evidencepipeline.capturer.browser;

import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.testsupport.RawHttpServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One shared Chromium, behind a plain forward proxy, loading pages served on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserLoadTest {
    private static final int RED = 0xff0000;
    private static final byte[] DOWNLOAD = "DOWNLOADED-BYTES-OF-A-FILE".getBytes(StandardCharsets.US_ASCII);

    private RawHttpServer server;
    private PlainForwardProxy proxy;
    private Path workDir;
    private ChromiumInstall install;
    private Browser browser;

    @BeforeAll
    void start() {
        install = TestBrowsers.install();
        server = RawHttpServer.start();
        proxy = PlainForwardProxy.start();
        workDir = TestBrowsers.workDir();
        server.serve("/full.html", Reply.ok(TestBrowsers.html(
                        "<img src=\"/red.png\" width=\"200\" height=\"100\" style=\"display:block\">"
                                + "<iframe src=\"/frame.html\" width=\"300\" height=\"150\"></iframe>"
                                + "<div style=\"height:3000px;background:linear-gradient(#0a0,#00a)\"></div>"
                                + "<p id=\"changed\">as served</p>"
                                + "<script>document.getElementById('changed').textContent = 'changed by script ' + (6 * 7);</script>"),
                        "text/html; charset=utf-8"))
                // Cacheable for an hour: only a disabled cache makes the second page fetch it again.
                .serve("/red.png", new Reply(200, java.util.Map.of("Content-Type", "image/png", "Cache-Control", "max-age=3600"),
                        TestBrowsers.solidPng(20, 10, RED), 0, 0))
                .serve("/frame.html", Reply.ok(TestBrowsers.html("<p>inside the frame</p>"), "text/html"))
                .serve("/start", Reply.redirect(302, server.url("/landed.html")))
                .serve("/file.bin", new Reply(200, java.util.Map.of("Content-Type", "application/octet-stream",
                        "Content-Disposition", "attachment; filename=\"evidence.bin\""), DOWNLOAD, 0, 0))
                .serve("/download.html", Reply.ok(TestBrowsers.html("<a id=\"a\" href=\"/file.bin\" download>file</a>"
                        + "<script>addEventListener('load', () => document.getElementById('a').click());</script>"), "text/html"))
                .serve("/webrtc.html", Reply.ok(TestBrowsers.html("<pre id=\"c\"></pre><script>"
                        + "const out = document.getElementById('c'); const pc = new RTCPeerConnection({iceServers: []});"
                        + "pc.onicecandidate = e => { out.textContent += e.candidate ? e.candidate.candidate + '\\n' : 'GATHERED\\n'; };"
                        + "pc.createDataChannel('x'); pc.createOffer().then(o => pc.setLocalDescription(o));"
                        + "</script>"), "text/html"))
                .serve("/landed.html", Reply.ok(TestBrowsers.html("<p>landed</p>"), "text/html"));
        browser = new Browser(install, TestBrowsers.settings(proxy, workDir, 16384, 25, 3L << 30));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
            TestBrowsers.deleteTree(workDir);
        }
    }

    @Test
    void fullPagePictureAndRenderedDomOfAPageWithImagesScriptAndIframe() throws IOException {
        PageLoad load = browser.load(URI.create(server.url("/full.html")), Instant.now().plusSeconds(30));

        assertThat(load).isInstanceOf(PageLoad.Loaded.class);
        PageLoad.Loaded loaded = (PageLoad.Loaded) load;
        String dom = new String(loaded.renderedDom(), StandardCharsets.UTF_8);
        assertThat(dom).startsWith("<!DOCTYPE html>").contains("changed by script 42").doesNotContain("as served")
                .contains("<iframe");
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(loaded.screenshotPng()));
        assertThat(picture).isNotNull();
        assertThat(picture.getWidth()).isEqualTo(1280);
        // 100 px image + 150 px iframe line + 3000 px block + a paragraph: far taller than the 800 px viewport.
        assertThat(picture.getHeight()).isGreaterThan(3200);
        PageProvenance.Screenshot shot = loaded.screenshot();
        assertThat(shot.height()).isEqualTo(picture.getHeight());
        assertThat(shot.width()).isEqualTo(picture.getWidth());
        assertThat(shot.fullHeight()).isEqualTo(picture.getHeight());
        assertThat(shot.truncated()).isFalse();
        // The image came through the proxy and was painted: red at its place, the gradient further down.
        assertThat(picture.getRGB(100, 50) & 0xffffff).isEqualTo(RED);
        assertThat(distinctColours(picture)).isGreaterThan(50);
        assertThat(proxy.urls()).contains(server.url("/red.png"), server.url("/frame.html"));
        assertThat(loaded.navigationStartedAt()).isBeforeOrEqualTo(loaded.loadedAt());
        assertThat(loaded.loadedAt()).isBeforeOrEqualTo(loaded.endedAt());
    }

    @Test
    void aSecondLoadOfThePageFetchesItsImageAgainThroughTheProxy() {
        browser.load(URI.create(server.url("/full.html")), Instant.now().plusSeconds(30));
        long before = proxy.urls().stream().filter(u -> u.endsWith("/red.png")).count();

        assertThat(browser.load(URI.create(server.url("/full.html")), Instant.now().plusSeconds(30)))
                .isInstanceOf(PageLoad.Loaded.class);

        assertThat(proxy.urls().stream().filter(u -> u.endsWith("/red.png")).count()).isEqualTo(before + 1);
    }

    @Test
    void aPageThatCannotBeFetchedFailsWithTheNetworkErrorAndKeepsTheBrowser() throws IOException {
        browser.info();
        long pid = browser.browserPid().orElseThrow();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        PageLoad load = browser.load(URI.create("http://127.0.0.1:" + closedPort + "/gone.html"), Instant.now().plusSeconds(20));

        assertThat(load).isInstanceOf(PageLoad.Failed.class);
        assertThat(((PageLoad.Failed) load).reason()).startsWith("navigation failed: net::ERR_");
        assertThat(browser.browserPid()).hasValue(pid);
    }

    @Test
    void webRtcGathersNoCandidateThatWouldBypassTheProxy() {
        PageLoad load = browser.load(URI.create(server.url("/webrtc.html")), Instant.now().plusSeconds(20));

        assertThat(load).isInstanceOf(PageLoad.Loaded.class);
        String dom = new String(((PageLoad.Loaded) load).renderedDom(), StandardCharsets.UTF_8);
        assertThat(dom).contains("GATHERED").doesNotContain("typ host").doesNotContain("typ srflx");
    }

    @Test
    void finalUrlIsTheDocumentAfterRedirects() {
        PageLoad load = browser.load(URI.create(server.url("/start")), Instant.now().plusSeconds(30));

        assertThat(load).isInstanceOf(PageLoad.Loaded.class);
        assertThat(((PageLoad.Loaded) load).finalUrl()).isEqualTo(server.url("/landed.html"));
        assertThat(new String(((PageLoad.Loaded) load).renderedDom(), StandardCharsets.UTF_8)).contains("landed");
    }

    @Test
    void infoNamesTheRunningBrowserItsDriverAndViewport() {
        PageProvenance.Browser info = browser.info();

        assertThat(info.name()).isEqualTo("Chromium");
        assertThat(info.version()).isEqualTo(install.version()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(info.driver()).isEqualTo("chromedriver " + install.driverVersion());
        String major = install.version().substring(0, install.version().indexOf('.'));
        assertThat(info.userAgent()).contains("Chrome/" + major + ".");
        assertThat(info.viewportWidth()).isEqualTo(1280);
        assertThat(info.viewportHeight()).isEqualTo(800);
        assertThat(info.deviceScaleFactor()).isEqualTo(1.0);
        assertThat(info.sandboxed()).isTrue();
    }

    @Test
    void browserRunsAsTheUnprivilegedUserWithItsSandboxOn() {
        browser.info();
        Set<Long> pids = browser.browserPids();

        assertThat(pids).hasSizeGreaterThan(2);
        int expectedUid = Unprivileged.currentUid() == 0 ? 65534 : Unprivileged.currentUid();
        boolean sandboxedRenderer = false;
        for (long pid : pids) {
            String cmdline = ProcessTree.cmdline(pid);
            assertThat(cmdline).doesNotContain("--no-sandbox");
            if (pid == browser.browserPid().orElseThrow()) {
                assertThat(cmdline).contains("--proxy-server=" + proxy.hostPort(), "--proxy-bypass-list=<-loopback>",
                        "--headless", "--disable-background-networking");
            }
            assertThat(ProcessTree.status(pid, "Uid")).hasValueSatisfying(uid ->
                    assertThat(uid.split("\\s+")).containsOnly(Integer.toString(expectedUid)));
            if (cmdline.contains("--type=renderer")) {
                // seccomp-bpf filter mode: the renderer sandbox is really on, not merely not switched off.
                sandboxedRenderer |= ProcessTree.status(pid, "Seccomp").orElse("0").equals("2");
            }
        }
        assertThat(sandboxedRenderer).as("a renderer under seccomp-bpf").isTrue();
        assertThat(browser.peakResidentBytes()).isGreaterThan(10L << 20);
    }

    @Test
    void downloadsAreRefusedAndNothingReachesTheDisk() throws IOException, InterruptedException {
        browser.load(URI.create(server.url("/download.html")), Instant.now().plusSeconds(20));
        browser.load(URI.create(server.url("/file.bin")), Instant.now().plusSeconds(20));
        Thread.sleep(1500);

        Path profile = browser.profileDir().orElseThrow();
        try (var files = java.nio.file.Files.walk(profile)) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).filter(p -> !p.toString().contains("/Cache/"))
                    .filter(p -> p.getFileName().toString().contains("evidence") || contains(p, DOWNLOAD)))
                    .isEmpty();
        }
        assertThat(proxy.urls()).as("the page did ask for it").contains(server.url("/file.bin"));
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return false;
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
