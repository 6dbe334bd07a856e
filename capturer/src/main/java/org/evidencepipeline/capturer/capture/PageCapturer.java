package org.evidencepipeline.capturer.capture;

import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.browser.HeaderStrip;
import org.evidencepipeline.capturer.browser.PageLoad;
import org.evidencepipeline.capturer.proxy.PageRecording;
import org.evidencepipeline.capturer.proxy.ProxySession;
import org.evidencepipeline.capturer.proxy.RecordedExchange;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.archive.ArchiveStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page capture request to one {@link PageArchived}: the URL checked, an earlier capture of the same id found
 * again, the host's rate kept, then the page loaded through the recording proxy and its artifacts, indexes and
 * provenance stored, in that order (provenance last: its presence means the capture is complete). One page at a
 * time: the browser is single-threaded by design, and the service scales with replicas.
 */
public final class PageCapturer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PageCapturer.class);

    private final UrlCheck urlCheck;
    private final HostPageRate rate;
    private final ArtifactWriter artifacts;
    private final PageProvenanceWriter provenance;
    private final Optional<CaptureRig> rig;
    private final String skipReason;
    private final ArchiveStore store;
    private final ToolInfo tool;
    private final Clock clock;
    private final Duration pageDeadline;

    /**
     * @param rig        the proxy and browser; empty where Chromium is missing (every page is then skipped)
     * @param skipReason why pages are skipped when {@code rig} is empty
     */
    public PageCapturer(UrlCheck urlCheck, HostPageRate rate, ArchiveStore store, PageProvenanceWriter provenance,
                        Optional<CaptureRig> rig, String skipReason, ToolInfo tool, Clock clock, Duration pageDeadline) {
        this.urlCheck = urlCheck;
        this.rate = rate;
        this.store = store;
        this.artifacts = new ArtifactWriter(store);
        this.provenance = provenance;
        this.rig = rig;
        this.skipReason = skipReason;
        this.tool = tool;
        this.clock = clock;
        this.pageDeadline = pageDeadline;
    }

    public boolean browserAvailable() {
        return rig.isPresent();
    }

    /** Why every page is skipped, when no browser is available. */
    public Optional<String> skipReason() {
        return rig.isPresent() ? Optional.empty() : Optional.of(skipReason);
    }

    /**
     * @throws StorageException when the archive cannot be reached (the caller retries: nothing is half-claimed, the
     *                          provenance is written last)
     */
    public synchronized PageArchived capture(PageCaptureRequested request, KafkaCoordinates input, String traceId)
            throws StorageException, InterruptedException {
        String captureId = request.captureId();
        Optional<PageCaptureOutcome> early = urlCheck.check(request.pageUrl(), captureId);
        if (early.isPresent()) {
            return archived(request, early.get(), null, input);
        }
        Optional<PageProvenance> done = provenance.existing(captureId);
        if (done.isPresent()) {
            return archived(request, captured(done.get()), done.get(), input);
        }
        if (rig.isEmpty()) {
            return archived(request, new PageCaptureOutcome.Skipped(request.pageUrl(), skipReason), null, input);
        }
        String host = URI.create(request.pageUrl()).getHost();
        if (!rate.acquire(host, request.hostPagesPerMinute(), clock.instant().plus(pageDeadline))) {
            return archived(request, new PageCaptureOutcome.Failed(request.pageUrl(), captureId, "the rate of "
                    + request.hostPagesPerMinute() + " pages per minute for " + host + " left no slot within " + pageDeadline), null, input);
        }
        try {
            return load(request, input, traceId);
        } catch (RuntimeException e) {
            // A fault of the proxy, the browser or a spooled file fails this page, not the partition: the next page
            // still gets captured, and the record says what went wrong.
            LOG.errorf(e, "capture of %s (%s) failed", request.pageUrl(), captureId);
            return archived(request, new PageCaptureOutcome.Failed(request.pageUrl(), captureId,
                    "capture error: " + e.getClass().getSimpleName() + ": " + e.getMessage()), null, input);
        }
    }

    private PageArchived load(PageCaptureRequested request, KafkaCoordinates input, String traceId) throws StorageException {
        String captureId = request.captureId();
        CaptureRig r = rig.get();
        Instant startedAt = clock.instant();
        try (ProxySession session = r.proxy().begin(captureId)) {
            PageLoad load = r.browser().load(URI.create(request.pageUrl()), startedAt.plus(pageDeadline));
            if (load instanceof PageLoad.Failed f) {
                return archived(request, new PageCaptureOutcome.Failed(request.pageUrl(), captureId, f.reason()), null, input);
            }
            PageLoad.Loaded loaded = (PageLoad.Loaded) load;
            PageRecording recording;
            try {
                recording = session.finish();
            } catch (IOException e) {
                return archived(request, new PageCaptureOutcome.Failed(request.pageUrl(), captureId,
                        "the page's recording could not be written: " + e.getMessage()), null, input);
            }
            Optional<String> problem = mainDocumentProblem(request.pageUrl(), loaded, recording);
            if (problem.isPresent()) {
                return archived(request, new PageCaptureOutcome.Failed(request.pageUrl(), captureId, problem.get()), null, input);
            }
            PageProvenance record = store(request, loaded, recording, startedAt, input, traceId);
            LOG.infof("captured %s (%s): %d requests, %d refused", request.pageUrl(), captureId,
                    recording.exchanges().size(), recording.refused().size());
            return archived(request, captured(record), record, input);
        }
    }

    /** Why the page cannot be claimed captured even though the browser showed something, else empty. */
    private static Optional<String> mainDocumentProblem(String pageUrl, PageLoad.Loaded loaded, PageRecording recording) {
        for (PageProvenance.RefusedRequest refused : recording.refused()) {
            if (refused.url().equals(pageUrl) || refused.url().equals(loaded.finalUrl())) {
                return Optional.of("main document refused: " + refused.reason());
            }
        }
        return mainDocument(pageUrl, loaded, recording).isPresent() ? Optional.empty() : Optional.of("main document not recorded");
    }

    /** The final URL's first GET, or the end of the recorded redirect chain when the browser spells the URL differently. */
    private static Optional<RecordedExchange> mainDocument(String pageUrl, PageLoad.Loaded loaded, PageRecording recording) {
        Optional<RecordedExchange> main = recording.firstGet(loaded.finalUrl());
        if (main.isPresent()) {
            return main;
        }
        List<String> hops = recording.redirectsFrom(pageUrl);
        return recording.firstGet(hops.isEmpty() ? pageUrl : hops.get(hops.size() - 1))
                .filter(e -> e.status() < 300 || e.status() > 399);
    }

    private PageProvenance store(PageCaptureRequested request, PageLoad.Loaded loaded, PageRecording recording,
                                 Instant startedAt, KafkaCoordinates input, String traceId) throws StorageException {
        String captureId = request.captureId();
        RecordedExchange main = mainDocument(request.pageUrl(), loaded, recording).orElseThrow();
        List<PageArtifact> stored = new ArrayList<>();
        stored.add(main.body() == null
                ? artifacts.bytes(PageArtifact.HTML_SOURCE, new byte[0], contentType(main))
                : artifacts.file(PageArtifact.HTML_SOURCE, main.body(), main.bodySha256(), contentType(main)));
        stored.add(artifacts.bytes(PageArtifact.RENDERED_DOM, loaded.renderedDom(), "text/html; charset=utf-8"));
        stored.add(artifacts.bytes(PageArtifact.SCREENSHOT, loaded.screenshotPng(), "image/png"));
        stored.add(artifacts.bytes(PageArtifact.SCREENSHOT_STAMPED,
                HeaderStrip.stamp(loaded.screenshotPng(), loaded.finalUrl(), loaded.endedAt(), captureId), "image/png"));
        stored.add(artifacts.file(PageArtifact.WARC, recording.warc(), recording.warcSha256(), "application/warc"));
        for (PageArtifact a : stored) {
            artifacts.index(a, captureId);
        }
        artifacts.indexPost(request.postId(), request.postVersion(), captureId);

        CaptureRig r = rig.orElseThrow();
        PageProvenance.Document document = new PageProvenance.Document(main.status(), main.contentType(), main.resolvedAddress(),
                main.tlsPeerCertificateSha256(), main.warcRecordId());
        PageProvenance.Proxy proxy = new PageProvenance.Proxy(tool.name() + "-recording-proxy " + tool.version(),
                r.proxy().ca().caCertificateSha256(), recording.exchanges().size() + recording.refused().size(),
                recording.refused().size());
        PageProvenance record = new PageProvenance(PageProvenance.SCHEMA_VERSION, PageProvenance.KIND, captureId,
                request.postId(), request.postVersion(), request.platform(), request.collectionIds(), request.pageUrl(),
                loaded.finalUrl(), recording.redirectsFrom(request.pageUrl()), document, r.browser().info(), proxy,
                startedAt, loaded.loadedAt(), loaded.endedAt(), loaded.screenshot(), stored, recording.refused(),
                store.bucket(), input, tool, traceId,
                PageProvenance.Prov.of(captureId, tool, loaded.finalUrl(), stored));
        return provenance.write(record);
    }

    private static String contentType(RecordedExchange e) {
        return e.contentType() == null || e.contentType().isBlank() ? "application/octet-stream" : e.contentType();
    }

    private static PageCaptureOutcome captured(PageProvenance p) {
        return new PageCaptureOutcome.Captured(p.pageUrl(), p.captureId(), p.finalUrl(), p.artifacts(),
                org.evidencepipeline.archive.ArchiveStore.pageProvenanceKey(p.captureId()));
    }

    private PageArchived archived(PageCaptureRequested request, PageCaptureOutcome outcome, PageProvenance record,
                                  KafkaCoordinates input) {
        return new PageArchived(PageArchived.SCHEMA_VERSION, request.postId(), request.postVersion(), request.collectionIds(),
                store.bucket(), outcome, record, input, clock.instant(), tool);
    }

    @Override
    public void close() {
        rig.ifPresent(CaptureRig::close);
    }
}
