package org.evidencepipeline.capturer.browser;

import java.time.Instant;

/**
 * The "date and time indicated" picture (Berkeley Protocol ¶155): the full-page screenshot under a visible header strip
 * giving the URL, the UTC capture time and the capture id. Derived from the unaltered screenshot, never instead of it.
 */
public final class HeaderStrip {
    private HeaderStrip() {
    }

    public static byte[] stamp(byte[] screenshotPng, String url, Instant capturedAt, String captureId) {
        throw new UnsupportedOperationException("TODO browser");
    }
}
