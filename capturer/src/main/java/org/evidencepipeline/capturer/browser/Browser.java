package org.evidencepipeline.capturer.browser;

import org.evidencepipeline.contracts.PageProvenance;

import java.net.URI;
import java.time.Instant;

/**
 * A headless Chromium, sandboxed, with no network but the recording proxy and downloads off, driven through the OS
 * package's chromedriver. Loads one page at a time; restarts itself after {@code restartAfterPages} pages and after
 * any page that crashed, hung or broke the memory cap, so the next page gets a fresh browser.
 */
public final class Browser implements AutoCloseable {

    public Browser(ChromiumInstall install, BrowserSettings settings) {
        throw new UnsupportedOperationException("TODO browser");
    }

    /**
     * Loads a page and takes its rendered DOM and full-page picture, all within {@code deadline}. Never throws for what
     * a page does: a hang, a crash of the tab or the browser, the memory cap or the deadline give {@link PageLoad.Failed}.
     */
    public PageLoad load(URI url, Instant deadline) {
        throw new UnsupportedOperationException("TODO browser");
    }

    /** Browser name, version, driver, user agent, viewport and sandbox, for provenance. */
    public PageProvenance.Browser info() {
        throw new UnsupportedOperationException("TODO browser");
    }

    /** Peak resident memory of the browser's process tree (sum of VmHWM) since its last start, for the bench. */
    public long peakResidentBytes() {
        throw new UnsupportedOperationException("TODO browser");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO browser");
    }
}
