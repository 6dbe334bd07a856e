package org.evidencepipeline.capturer.video;

import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.capture.ArtifactWriter;
import org.evidencepipeline.capturer.capture.UrlCheck;
import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.capturer.video.mux.Ffmpeg;
import org.evidencepipeline.capturer.video.mux.MuxResult;
import org.evidencepipeline.capturer.video.mux.Muxer;
import org.evidencepipeline.capturer.video.stream.PlannedPart;
import org.evidencepipeline.capturer.video.stream.PlaylistException;
import org.evidencepipeline.capturer.video.stream.StreamPlan;
import org.evidencepipeline.capturer.video.stream.StreamPlanner;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.capturer.video.ytdlp.YtDlp;
import org.evidencepipeline.capturer.video.ytdlp.YtDlpCapture;
import org.evidencepipeline.capturer.video.ytdlp.YtDlpResult;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.download.SafeDownloader;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One video capture request to one {@link VideoArchived}: an earlier capture of the same id found again, the URL
 * checked, then every playlist, key, init part and segment of the chosen variant fetched through the safe downloader
 * under the stream's caps (or the page handed to yt-dlp behind the recording proxy), each part stored content-addressed
 * as it arrives, a playable MP4 muxed from the stored parts' local copies, and the provenance written last (its
 * presence means the capture is on record). A cap or a failed part keeps what was fetched, says
 * {@code complete: false} and is never muxed. One stream at a time; the service scales with replicas.
 */
public final class VideoCapturer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VideoCapturer.class);
    static final String OFF = "video capture is off (capturer.video.enabled=false)";
    static final String NOT_MUXED_INCOMPLETE = "capture incomplete: no playable file is muxed from part of a stream";
    static final String YT_DLP_FILE = "yt-dlp wrote the playable file: it is kept as fetched, not muxed again";

    /**
     * @param workDir   where parts are spooled while a stream is captured (one directory per capture, removed after)
     * @param userAgent sent with every part request
     */
    public record Settings(boolean enabled, StreamCaps caps, VariantRule rule, Path workDir, String userAgent) {
    }

    /**
     * The external programs, each empty where it is not installed, and yt-dlp's recording proxy (closed with the
     * capturer).
     */
    public record Tools(Optional<Muxer> muxer, Optional<YtDlpCapture> ytDlp, Optional<RecordingProxy> ytDlpProxy) {
    }

    private final Settings settings;
    private final Tools tools;
    private final ArchiveStore store;
    private final VideoProvenanceWriter provenance;
    private final VettedResolver resolver;
    private final SafeDownloader.HostResolver hosts;
    private final UrlCheck urlCheck;
    private final ToolInfo tool;
    private final Clock clock;

    public VideoCapturer(Settings settings, Tools tools, ArchiveStore store, VideoProvenanceWriter provenance,
                         VettedResolver resolver, SafeDownloader.HostResolver hosts, ToolInfo tool, Clock clock) {
        this.settings = settings;
        this.tools = tools;
        this.store = store;
        this.provenance = provenance;
        this.resolver = resolver;
        this.hosts = hosts;
        this.urlCheck = new UrlCheck(resolver);
        this.tool = tool;
        this.clock = clock;
    }

    /**
     * @throws StorageException only when the archive cannot be reached (the caller retries: the provenance is written
     *                          last, so nothing is half-claimed); every other end is an outcome
     */
    public synchronized VideoArchived capture(VideoCaptureRequested request, KafkaCoordinates input, String traceId)
            throws StorageException {
        String captureId = request.captureId();
        Optional<VideoProvenance> done = provenance.existing(captureId);
        if (done.isPresent()) {
            return archived(request, outcomeOf(done.get()), done.get(), input);
        }
        if (!settings.enabled()) {
            return archived(request, new VideoCaptureOutcome.Skipped(request.streamUrl(), OFF), null, input);
        }
        Optional<PageCaptureOutcome> early = urlCheck.check(request.streamUrl(), captureId);
        if (early.isPresent()) {
            return archived(request, notAttempted(request, early.get()), null, input);
        }
        boolean site = VideoCaptureRequested.SITE.equals(request.kind());
        if (site && tools.ytDlp().isEmpty()) {
            return archived(request, new VideoCaptureOutcome.Skipped(request.streamUrl(), YtDlp.MISSING), null, input);
        }
        Path dir = null;
        try {
            Files.createDirectories(settings.workDir());
            dir = Files.createTempDirectory(settings.workDir(), "video-");
            Attempt a = new Attempt(request, input, traceId, new KeptParts(store, captureId), dir, clock.instant());
            return site ? site(a) : stream(a);
        } catch (PartFetcher.ArchiveUnreachable e) {
            throw e.storage();
        } catch (IOException | RuntimeException e) {
            // A fault of a tool or a spool file fails this stream, not the partition; nothing is on record, so a
            // replay tries again.
            LOG.errorf(e, "video capture of %s (%s) failed", request.streamUrl(), captureId);
            return archived(request, new VideoCaptureOutcome.Failed(request.streamUrl(), captureId,
                    "capture error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null), null, input);
        } finally {
            deleteTree(dir);
        }
    }

    /** One capture's request, context and the parts kept so far. */
    private record Attempt(VideoCaptureRequested request, KafkaCoordinates input, String traceId, KeptParts kept, Path dir,
                           Instant startedAt) {
    }

    private VideoArchived stream(Attempt a) throws StorageException, IOException {
        VideoCaptureRequested request = a.request();
        PartFetcher fetcher = new PartFetcher(resolver.policy(), hosts, settings.caps(), settings.userAgent(), clock,
                a.kept(), a.dir());
        StreamPlan plan;
        try {
            plan = new StreamPlanner(settings.rule(), settings.caps().maxSegments()).plan(request.kind(), request.streamUrl(), fetcher);
        } catch (PlaylistException e) {
            return stopped(a, null, null, VideoCaptureStop.failed("not a playable stream: " + e.getMessage()));
        } catch (VideoCaptureStop stop) {
            return stopped(a, null, null, stop);
        }
        StreamCaps caps = settings.caps();
        if (plan.segments() > caps.maxSegments()) {
            return stopped(a, plan, null, VideoCaptureStop.cap("segments", Integer.toString(caps.maxSegments()),
                    "the stream lists " + plan.segments() + " parts to fetch, over " + caps.maxSegments()));
        }
        if (plan.durationSeconds() != null && plan.durationSeconds() > caps.maxDuration().toSeconds()) {
            return stopped(a, plan, null, VideoCaptureStop.cap("duration", caps.maxDuration().toString(),
                    "the stream states " + plan.durationSeconds() + " s, over " + caps.maxDuration() + "; no segment fetched"));
        }
        for (PlannedPart part : plan.parts()) {
            try {
                fetcher.fetch(part);
            } catch (VideoCaptureStop stop) {
                return stopped(a, plan, null, stop);
            }
        }
        VideoProvenance.Muxed muxed = null;
        String note = Ffmpeg.MISSING;
        if (tools.muxer().isPresent()) {
            Path muxDir = Files.createDirectories(a.dir().resolve("mux"));
            MuxResult result = tools.muxer().get().mux(MuxPlan.tracks(plan, a.kept()), muxDir, a.dir().resolve("muxed.mp4"));
            if (result instanceof MuxResult.Muxed m) {
                muxed = storeMuxed(a.kept(), m);
                note = null;
            } else {
                note = ((MuxResult.NotMuxed) result).note();
            }
        }
        VideoProvenance record = provenance.write(record(a, plan, VideoProvenance.DIRECT, null, muxed, note, null));
        LOG.infof("captured %s stream %s (%s): %d parts, %d bytes, %s", request.kind(), request.streamUrl(),
                request.captureId(), record.totals().parts(), record.totals().bytes(), muxed == null ? note : "muxed " + muxed.sha256());
        return archived(request, outcomeOf(record), record, a.input());
    }

    private VideoArchived site(Attempt a) throws StorageException, IOException {
        VideoCaptureRequested request = a.request();
        YtDlpResult result = tools.ytDlp().orElseThrow().run(request.captureId(), request.streamUrl());
        try {
            boolean media = false;
            if (result instanceof YtDlpResult.Downloaded d) {
                media = !d.media().isEmpty();
                // The media files, then yt-dlp's info JSON (what it was offered and chose), each a file part.
                for (Path file : d.media()) {
                    keepLocal(a.kept(), VideoPart.FILE, file, contentTypeOf(file));
                }
                if (d.infoJson().isPresent()) {
                    keepLocal(a.kept(), VideoPart.FILE, d.infoJson().get(), "application/json");
                }
            }
            if (result.recording() != null) {
                a.kept().add(new PartDraft(VideoPart.WARC, null, request.streamUrl(), null, result.recording().warcSha256(),
                        result.recording().warcSize(), "application/warc", null, 0, null, clock.instant()),
                        result.recording().warc());
            }
            if (result instanceof YtDlpResult.Stopped s) {
                return stopped(a, null, result.run(), s.stop());
            }
            if (!media) {
                return stopped(a, null, result.run(), VideoCaptureStop.failed("yt-dlp ended without writing a media file"));
            }
            VideoProvenance record = provenance.write(record(a, null, VideoProvenance.YT_DLP, null, null, YT_DLP_FILE, result.run()));
            return archived(request, outcomeOf(record), record, a.input());
        } finally {
            result.discard();
        }
    }

    private void keepLocal(KeptParts kept, String role, Path file, String contentType) throws StorageException, IOException {
        kept.add(new PartDraft(role, null, null, null, ArtifactWriter.sha256(file), Files.size(file), contentType, null, 0,
                null, clock.instant()), file);
    }

    /**
     * The capture stopped before it was whole. With nothing kept a refusal or failure is just that; otherwise what was
     * kept goes on record as incomplete, never muxed.
     */
    private VideoArchived stopped(Attempt a, StreamPlan plan, VideoProvenance.YtDlp run, VideoCaptureStop stop)
            throws StorageException {
        VideoCaptureRequested request = a.request();
        LOG.infof("video capture of %s (%s) stopped: %s", request.streamUrl(), request.captureId(), stop.getMessage());
        boolean cap = stop.why() == VideoCaptureStop.Why.CAP;
        if (a.kept().parts().isEmpty() && !cap) {
            VideoCaptureOutcome outcome = stop.why() == VideoCaptureStop.Why.REFUSED
                    ? new VideoCaptureOutcome.Refused(request.streamUrl(), stop.getMessage())
                    : new VideoCaptureOutcome.Failed(request.streamUrl(), request.captureId(), stop.getMessage(), null);
            return archived(request, outcome, null, a.input());
        }
        VideoProvenance.Incomplete why = new VideoProvenance.Incomplete(cap ? stop.cap() : "failure", cap ? stop.limit() : null,
                stop.getMessage());
        String method = run == null ? VideoProvenance.DIRECT : VideoProvenance.YT_DLP;
        VideoProvenance record = provenance.write(record(a, plan, method, why, null, NOT_MUXED_INCOMPLETE, run));
        return archived(request, outcomeOf(record), record, a.input());
    }

    private VideoProvenance.Muxed storeMuxed(KeptParts kept, MuxResult.Muxed m) throws StorageException, IOException {
        String sha = ArtifactWriter.sha256(m.file());
        String key = kept.store(sha, m.file(), "video/mp4");
        return new VideoProvenance.Muxed(key, sha, Files.size(m.file()), "video/mp4", m.durationSeconds(), m.ffmpegVersion(),
                m.commandLine(), kept.parts().stream().map(VideoPart::sha256).toList(), m.probe());
    }

    private VideoProvenance record(Attempt a, StreamPlan plan, String method, VideoProvenance.Incomplete incomplete,
                                   VideoProvenance.Muxed muxed, String muxNote, VideoProvenance.YtDlp run) {
        VideoCaptureRequested r = a.request();
        List<VideoPart> parts = a.kept().parts();
        String captureId = r.captureId();
        return new VideoProvenance(VideoProvenance.SCHEMA_VERSION, VideoProvenance.KIND, captureId, r.postId(),
                r.postVersion(), r.platform(), r.collectionIds(), r.pageUrl(), r.streamUrl(), r.kind(), method,
                plan == null ? null : plan.selection(), parts,
                new VideoProvenance.Totals(parts.size(), a.kept().bytes(), duration(parts, plan, incomplete == null)),
                incomplete == null, incomplete, settings.caps().recorded(), muxed, muxNote, run, a.startedAt(),
                clock.instant(), store.bucket(), a.input(), tool, a.traceId(),
                VideoProvenance.Prov.of(captureId, tool, r.streamUrl(), parts, muxed));
    }

    /** The video track's stored segments, summed; for a whole stream without stated segment durations, the plan's. */
    private static Double duration(List<VideoPart> parts, StreamPlan plan, boolean complete) {
        List<Double> video = parts.stream().filter(p -> VideoPart.SEGMENT.equals(p.role()) && "video".equals(p.track()))
                .map(VideoPart::durationSeconds).toList();
        if (!video.isEmpty() && video.stream().allMatch(d -> d != null)) {
            return video.stream().mapToDouble(Double::doubleValue).sum();
        }
        return complete && plan != null ? plan.durationSeconds() : null;
    }

    /** The outcome a provenance record stands for: the same on the first capture and on every replay. */
    static VideoCaptureOutcome outcomeOf(VideoProvenance p) {
        String key = ArchiveStore.videoProvenanceKey(p.captureId());
        if (p.complete()) {
            return new VideoCaptureOutcome.Captured(p.streamUrl(), p.captureId(), p.totals().parts(), p.totals().bytes(),
                    p.totals().durationSeconds(), p.muxed() == null ? null : p.muxed().sha256(), p.muxNote(), key);
        }
        if ("failure".equals(p.incomplete().cap())) {
            return new VideoCaptureOutcome.Failed(p.streamUrl(), p.captureId(), p.incomplete().reason(), key);
        }
        return new VideoCaptureOutcome.TooLarge(p.streamUrl(), p.captureId(), p.incomplete().cap(), p.incomplete().limit(),
                p.parts().size(), p.totals().bytes(), key);
    }

    private static VideoCaptureOutcome notAttempted(VideoCaptureRequested request, PageCaptureOutcome check) {
        if (check instanceof PageCaptureOutcome.Refused r) {
            return new VideoCaptureOutcome.Refused(request.streamUrl(), r.reason());
        }
        PageCaptureOutcome.Failed f = (PageCaptureOutcome.Failed) check;
        return new VideoCaptureOutcome.Failed(request.streamUrl(), request.captureId(), f.reason(), null);
    }

    private static String contentTypeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".mp4") || name.endsWith(".m4v")) {
            return "video/mp4";
        }
        if (name.endsWith(".webm")) {
            return "video/webm";
        }
        if (name.endsWith(".mkv")) {
            return "video/x-matroska";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    private VideoArchived archived(VideoCaptureRequested request, VideoCaptureOutcome outcome, VideoProvenance record,
                                   KafkaCoordinates input) {
        return new VideoArchived(VideoArchived.SCHEMA_VERSION, request.postId(), request.postVersion(),
                request.collectionIds(), store.bucket(), outcome, record, input, clock.instant(), tool);
    }

    @Override
    public void close() {
        tools.ytDlpProxy().ifPresent(RecordingProxy::close);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot remove video work dir %s: %s", dir, e.getMessage());
        }
    }
}
