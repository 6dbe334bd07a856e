package org.evidencepipeline.capturer.browser;

import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.testsupport.RawHttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser's life: restarted after N pages, killed over its memory cap, pictures cut at the height cap. */
class BrowserRestartTest {
    private RawHttpServer server;
    private PlainForwardProxy proxy;
    private Path workDir;
    private ChromiumInstall install;

    @BeforeEach
    void start() {
        install = TestBrowsers.install();
        server = RawHttpServer.start();
        proxy = PlainForwardProxy.start();
        workDir = TestBrowsers.workDir();
        server.serve("/tall.html", Reply.ok(TestBrowsers.html("<div style=\"height:3000px;background:#36c\"></div>"), "text/html"))
                // ArrayBuffers live outside the V8 heap, so no V8 limit stops this: only the tree's cap does.
                .serve("/hog.html", Reply.ok(TestBrowsers.html("<script>const keep = [];"
                        + "for (;;) { keep.push(new Uint8Array(32 * 1024 * 1024).fill(7)); }</script>"), "text/html"));
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
        TestBrowsers.deleteTree(workDir);
    }

    @Test
    void restartsAfterTheConfiguredNumberOfPagesWithAFreshProfile() throws IOException {
        try (Browser browser = new Browser(install, TestBrowsers.settings(proxy, workDir, 1000, 2, 3L << 30))) {
            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);
            long first = browser.browserPid().orElseThrow();
            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);
            assertThat(browser.browserPid().orElseThrow()).isEqualTo(first);

            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);

            assertThat(browser.browserPid().orElseThrow()).isNotEqualTo(first);
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            try (var profiles = Files.list(workDir)) {
                assertThat(profiles.filter(p -> p.getFileName().toString().startsWith("chromium-")).count())
                        .as("the first start's profile is gone").isEqualTo(1);
            }
        }
    }

    @Test
    void aPageTallerThanTheCapIsPicturedToTheCapAndMarkedTruncated() throws IOException {
        try (Browser browser = new Browser(install, TestBrowsers.settings(proxy, workDir, 1000, 25, 3L << 30))) {
            PageLoad.Loaded loaded = (PageLoad.Loaded) load(browser);

            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(loaded.screenshotPng()));
            assertThat(picture.getHeight()).isEqualTo(1000);
            assertThat(loaded.screenshot().height()).isEqualTo(1000);
            assertThat(loaded.screenshot().fullHeight()).isEqualTo(3000);
            assertThat(loaded.screenshot().truncated()).isTrue();
            assertThat(picture.getRGB(640, 990) & 0xffffff).isEqualTo(0x3366cc);
        }
    }

    @Test
    void overTheMemoryCapThePageFailsWithTheReasonAndTheBrowserIsReplaced() {
        long cap = 700L << 20;
        try (Browser browser = new Browser(install, TestBrowsers.settings(proxy, workDir, 1000, 25, cap))) {
            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);
            long first = browser.browserPid().orElseThrow();
            assertThat(browser.peakResidentBytes()).as("an idle browser is well under the cap").isLessThan(cap / 2);

            PageLoad hog = browser.load(URI.create(server.url("/hog.html")), Instant.now().plusSeconds(30));

            assertThat(hog).isInstanceOf(PageLoad.Failed.class);
            assertThat(((PageLoad.Failed) hog).reason()).startsWith("browser over its memory cap of 700 MiB");
            assertThat(browser.peakResidentBytes()).isGreaterThan(cap);
            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);
            assertThat(browser.browserPid().orElseThrow()).isNotEqualTo(first);
        }
    }

    @Test
    void aBrowserKilledFromOutsideIsReplacedAtTheNextPage() {
        try (Browser browser = new Browser(install, TestBrowsers.settings(proxy, workDir, 1000, 25, 3L << 30))) {
            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);
            ProcessHandle first = ProcessHandle.of(browser.browserPid().orElseThrow()).orElseThrow();
            first.destroyForcibly();
            first.onExit().join();

            assertThat(load(browser)).isInstanceOf(PageLoad.Loaded.class);
            assertThat(browser.browserPid().orElseThrow()).isNotEqualTo(first.pid());
        }
    }

    private PageLoad load(Browser browser) {
        return browser.load(URI.create(server.url("/tall.html")), Instant.now().plus(Duration.ofSeconds(30)));
    }
}
