package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.capturer.proxy.RecordingProxy;

/**
 * Runs yt-dlp on one page with no way out but the recording proxy (its own proxy, on the shared address policy): the
 * proxy vets and records every request, so the WARC holds every byte yt-dlp saw. No user config, no cache, a minimal
 * environment, a deadline and byte caps.
 */
public final class YtDlpCapture {
    private final YtDlp ytDlp;
    private final RecordingProxy proxy;
    private final YtDlpSettings settings;

    public YtDlpCapture(YtDlp ytDlp, RecordingProxy proxy, YtDlpSettings settings) {
        this.ytDlp = ytDlp;
        this.proxy = proxy;
        this.settings = settings;
    }

    /** One run at a time (the proxy records one session at a time). */
    public YtDlpResult run(String captureId, String pageUrl) {
        throw new UnsupportedOperationException("YTDLP");
    }
}
