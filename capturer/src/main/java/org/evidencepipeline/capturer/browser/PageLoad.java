package org.evidencepipeline.capturer.browser;

import org.evidencepipeline.contracts.PageProvenance;

import java.time.Instant;

/** What loading one page in the browser gave: the rendered page, or why not. */
public sealed interface PageLoad {

    /**
     * @param finalUrl     the document the tab showed after redirects
     * @param renderedDom  UTF-8 bytes of the doctype and {@code document.documentElement.outerHTML}, after load and settle
     * @param screenshotPng the full-page PNG exactly as Chromium returned it
     */
    record Loaded(String finalUrl, byte[] renderedDom, byte[] screenshotPng, PageProvenance.Screenshot screenshot,
                  Instant navigationStartedAt, Instant loadedAt, Instant endedAt) implements PageLoad {
    }

    /**
     * @param reason e.g. "deadline of 60s passed before the load event", "renderer crashed", "browser over its memory cap
     *               of 1 GiB", "browser exited"
     */
    record Failed(String reason, Instant navigationStartedAt, Instant endedAt) implements PageLoad {
    }
}
