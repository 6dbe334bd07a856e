package org.evidencepipeline.capturer.browser;

import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.testsupport.RawHttpServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages that hang or crash fail within their deadline, and the browser is fresh for the next page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFailureTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    /** The kill and the thread hand-over after the deadline; generous for a shared 2-core CI machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    private RawHttpServer server;
    private PlainForwardProxy proxy;
    private Path workDir;
    private Browser browser;

    @BeforeAll
    void start() {
        ChromiumInstall install = TestBrowsers.install();
        server = RawHttpServer.start();
        proxy = PlainForwardProxy.start();
        workDir = TestBrowsers.workDir();
        server.serve("/ok.html", Reply.ok(TestBrowsers.html("<p id=\"ok\">fine</p>"), "text/html"))
                // The image's response never comes within the test, so the load event never fires.
                .serve("/never.png", Reply.ok(TestBrowsers.solidPng(1, 1, 0), "image/png").delayed(120_000))
                .serve("/never-loads.html", Reply.ok(TestBrowsers.html("<img src=\"/never.png\">"), "text/html"))
                // Loads, then its script never yields: every later driver call blocks on the renderer.
                .serve("/spins.html", Reply.ok(TestBrowsers.html(
                        "<script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 0));</script>"),
                        "text/html"))
                // Allocates without bound: V8 reaches --max-old-space-size and kills the renderer.
                .serve("/grows.html", Reply.ok(TestBrowsers.html(
                        "<script>const keep = []; for (;;) { keep.push(new Array(1000000).fill(Math.random())); }</script>"),
                        "text/html"));
        // 1 GiB cap: the V8 heap limit is a quarter of it, so the renderer dies long before the tree's cap.
        browser = new Browser(install, TestBrowsers.settings(proxy, workDir, 16384, 25, 1L << 30));
        browser.info(); // started before the first deadline: a cold start on a busy machine is not what is tested
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
    void aPageThatNeverFinishesLoadingFailsWithinTheDeadlineAndTheNextPageLoads() {
        assertLoads();
        long before = browser.browserPid().orElseThrow();

        PageLoad.Failed failed = failsWithinDeadline("/never-loads.html");

        assertThat(failed.reason()).startsWith("deadline of 5s passed").contains("before the load event");
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).as("old browser killed").isFalse();
        assertLoads();
        assertThat(browser.browserPid().orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void aScriptThatNeverYieldsFailsWithinTheDeadlineAndTheNextPageLoads() {
        assertLoads();
        PageLoad.Failed failed = failsWithinDeadline("/spins.html");

        assertThat(failed.reason()).startsWith("deadline of 5s passed");
        assertLoads();
    }

    @Test
    void aRendererKilledForMemoryFailsAsCrashedAndTheNextPageLoads() {
        assertLoads();
        PageLoad.Failed failed = failsWithinDeadline("/grows.html");

        assertThat(failed.reason()).isEqualTo("renderer crashed");
        assertLoads();
    }

    private PageLoad.Failed failsWithinDeadline(String path) {
        Instant start = Instant.now();
        PageLoad load = browser.load(URI.create(server.url(path)), start.plus(DEADLINE));
        Duration took = Duration.between(start, Instant.now());

        assertThat(load).isInstanceOf(PageLoad.Failed.class);
        assertThat(took).isLessThan(DEADLINE.plus(SLACK));
        PageLoad.Failed failed = (PageLoad.Failed) load;
        assertThat(failed.endedAt()).isAfterOrEqualTo(failed.navigationStartedAt());
        return failed;
    }

    private void assertLoads() {
        PageLoad load = browser.load(URI.create(server.url("/ok.html")), Instant.now().plusSeconds(30));
        assertThat(load).isInstanceOf(PageLoad.Loaded.class);
        assertThat(new String(((PageLoad.Loaded) load).renderedDom(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<p id=\"ok\">fine</p>");
    }
}
