package org.evidencepipeline.capturer.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How pages are loaded.
 *
 * @param viewportWidth       CSS pixels; the screenshot's width
 * @param viewportHeight      CSS pixels of the window before the full-page picture
 * @param maxScreenshotHeight a taller page is pictured down to this height and recorded as truncated
 * @param settle              after the load event, how long scripts may still change the page before the DOM and the
 *                            pictures are taken
 * @param restartAfterPages   the browser is restarted after this many pages (and after any crash, hang or memory breach)
 * @param memoryCapBytes      resident memory of the browser's whole process tree; over it the page fails and the browser
 *                            is restarted
 * @param runAsUser           when the capturer runs as root (a dev machine, CI), the browser is started as this
 *                            unprivileged user so its sandbox can stay on; ignored otherwise. Chromium refuses a root
 *                            sandbox, and the sandbox is never switched off.
 * @param proxyServer         {@code host:port} of the recording proxy, the browser's only network
 * @param spkiPins            base64 SHA-256 SPKI hashes of the per-run CA's keys, the only extra certificates it accepts
 * @param workDir             profile and driver directories (one per browser start, deleted at restart)
 */
public record BrowserSettings(int viewportWidth, int viewportHeight, int maxScreenshotHeight, Duration settle,
                              int restartAfterPages, long memoryCapBytes, Optional<String> runAsUser, String proxyServer,
                              List<String> spkiPins, Path workDir) {
    public BrowserSettings {
        spkiPins = List.copyOf(spkiPins);
    }
}
