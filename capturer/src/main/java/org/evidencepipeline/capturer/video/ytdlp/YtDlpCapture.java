package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.capturer.proxy.PageRecording;
import org.evidencepipeline.capturer.proxy.ProxySession;
import org.evidencepipeline.capturer.proxy.RecordedExchange;
import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.VideoProvenance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs yt-dlp on one page with no way out but the recording proxy (its own proxy, on the shared address policy): the
 * proxy vets and records every request, so the WARC holds every byte yt-dlp saw. No user config, no cache, a minimal
 * environment, a deadline and byte caps.
 *
 * <p>yt-dlp is told {@code --no-check-certificates}: it reaches HTTPS origins through the proxy's interception, whose
 * certificates come from the per-run CA that only the capturer's browser is told to accept; that CA is not (and must
 * not be) in yt-dlp's trust store. The origin's own TLS is still verified, by the recording proxy, which records the
 * origin's chain in the WARC. Its HTTP stack is the one that fetches ({@code --downloader native}, also for HLS), so
 * no external downloader fetches URLs past the proxy; ffmpeg, when given, only merges local files (and, as every
 * child of yt-dlp, inherits the proxy variables).
 *
 * <p>Caps: past the deadline the process tree is killed (cap {@code wall-time}); the proxy session's byte cap (the
 * caller builds the proxy with {@code maxSessionBytes} = {@link YtDlpSettings#maxBytes()}) refuses further requests
 * and cuts the response that crosses it, and {@code --max-filesize} makes yt-dlp skip a file whose declared size is
 * over it (cap {@code bytes}). A capture is only {@link YtDlpResult.Downloaded} when yt-dlp exited 0, wrote a media
 * file, and no response was cut or refused for the byte cap.
 */
public final class YtDlpCapture {
    private static final Logger LOG = Logger.getLogger(YtDlpCapture.class);
    /** yt-dlp's line when {@code --max-filesize} made it skip a file (it then exits 0 without the file). */
    static final String MAX_FILESIZE_MARKER = "larger than max-filesize";
    /** The proxy's refusal reason once the session's byte budget is spent (ProxySession.admit). */
    static final String BYTE_CAP_REFUSAL = "byte cap";
    /** A read stalls at most this long before yt-dlp retries it (once), however long the whole run may take. */
    static final long MAX_SOCKET_TIMEOUT_SECONDS = 30;
    static final int MAX_REASON_CHARS = 300;
    private static final long DRAIN_MILLIS = 2_000;
    private static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY");

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
        Path runDir;
        try {
            Files.createDirectories(settings.workDir());
            runDir = Files.createTempDirectory(settings.workDir(), "yt-dlp-" + captureId.replaceAll("[^A-Za-z0-9-]", "_") + "-");
            Files.createDirectory(runDir.resolve(RunDirectory.MEDIA));
        } catch (IOException e) {
            return new YtDlpResult.Stopped(VideoCaptureStop.failed("cannot create yt-dlp's run directory under "
                    + settings.workDir() + ": " + e.getMessage()), null, runInfo(List.of(), -1));
        }
        List<String> arguments = arguments(runDir, pageUrl);
        Ran ran;
        PageRecording recording;
        try (ProxySession session = begin(captureId, runDir)) {
            ran = execute(processBuilder(runDir, arguments));
            recording = keep(session, runDir);
        }
        YtDlpResult result = result(ran, recording, runDir, runInfo(arguments, ran.exitCode()));
        if (result instanceof YtDlpResult.Stopped) {
            // Nothing of a stopped run is claimed as media: only the WARC of what was fetched is kept.
            RunDirectory.delete(runDir.resolve(RunDirectory.MEDIA));
            if (recording == null) {
                RunDirectory.delete(runDir);
            }
        }
        LOG.debugf("yt-dlp on %s (%s): exit %d, %s", pageUrl, captureId, ran.exitCode(), describe(result));
        return result;
    }

    /**
     * The exact arguments after the program: no config file, cache, playlist expansion, cookies or external
     * downloader; everything through the proxy; one retry; output under the run's {@code media/} directory. The page
     * URL comes last, after {@code --}, so no URL is ever read as an option.
     */
    List<String> arguments(Path runDir, String pageUrl) {
        List<String> a = new ArrayList<>(List.of(
                "--ignore-config", "--no-cache-dir", "--no-cookies", "--no-playlist", "--no-part", "--no-mtime",
                "--no-progress", "--newline", "--restrict-filenames",
                "--proxy", proxyUrl(),
                "--downloader", "native", "--hls-prefer-native",
                "--no-check-certificates",
                "-f", settings.format(),
                "--max-filesize", Long.toString(settings.maxBytes()),
                "--socket-timeout", Long.toString(socketTimeoutSeconds()),
                "--retries", "1", "--fragment-retries", "1", "--abort-on-unavailable-fragments",
                "--write-info-json", "--no-write-playlist-metafiles"));
        settings.ffmpeg().ifPresent(f -> a.addAll(List.of("--ffmpeg-location", f.toString())));
        a.addAll(List.of("-o", runDir.resolve(RunDirectory.MEDIA).resolve("%(id)s.%(ext)s").toString(), "--", pageUrl));
        return a;
    }

    /**
     * The process as it is started: the program and {@link #arguments}, in {@code runDir}, with only PATH, HOME (the
     * run's directory), LANG and the proxy variables set; nothing of the capturer's environment (credentials, tokens)
     * is inherited. Package-private so a test can check exactly that.
     */
    ProcessBuilder processBuilder(Path runDir, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ytDlp.binary().toString());
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).directory(runDir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(environment(runDir));
        return pb;
    }

    /** The whole environment yt-dlp (and any child it starts) gets. */
    Map<String, String> environment(Path runDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", YtDlp.path());
        env.put("HOME", runDir.toString());
        env.put("LANG", "C.UTF-8");
        for (String name : PROXY_VARIABLES) {
            env.put(name, proxyUrl());
        }
        env.put("NO_PROXY", "");
        env.put("no_proxy", "");
        return env;
    }

    private String proxyUrl() {
        return "http://127.0.0.1:" + proxy.address().getPort();
    }

    private long socketTimeoutSeconds() {
        long deadline = (settings.deadline().toMillis() + 999) / 1000;
        return Math.max(1, Math.min(MAX_SOCKET_TIMEOUT_SECONDS, deadline));
    }

    private VideoProvenance.YtDlp runInfo(List<String> arguments, int exitCode) {
        return new VideoProvenance.YtDlp(ytDlp.version(), arguments, exitCode,
                "recording-proxy 127.0.0.1:" + proxy.address().getPort() + ", CA sha256 " + proxy.ca().caCertificateSha256());
    }

    private ProxySession begin(String captureId, Path runDir) {
        try {
            return proxy.begin(captureId);
        } catch (RuntimeException e) {
            RunDirectory.delete(runDir);
            throw e;
        }
    }

    /** Runs yt-dlp to its end or its deadline, whichever comes first; a deadline kills its whole process tree. */
    private Ran execute(ProcessBuilder pb) {
        long started = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Ran(-1, false, "yt-dlp could not start: " + e.getMessage(), false);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // it reads nothing from stdin
        }
        List<String> markers = List.of(MAX_FILESIZE_MARKER);
        OutputTail out = OutputTail.start(p.getInputStream(), "stdout", LOG, markers);
        OutputTail err = OutputTail.start(p.getErrorStream(), "stderr", LOG, markers);
        boolean timedOut;
        try {
            long left = settings.deadline().toNanos() - (System.nanoTime() - started);
            timedOut = !p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            ProcessTree.kill(p);
            Thread.currentThread().interrupt();
            return new Ran(-1, false, "interrupted while yt-dlp ran", false);
        }
        if (timedOut) {
            ProcessTree.kill(p);
        }
        out.await(DRAIN_MILLIS);
        err.await(DRAIN_MILLIS);
        int exit = p.isAlive() ? -1 : p.exitValue();
        String last = err.lastLine().isEmpty() ? out.lastLine() : err.lastLine();
        return new Ran(exit, timedOut, last, out.saw(MAX_FILESIZE_MARKER) || err.saw(MAX_FILESIZE_MARKER));
    }

    /**
     * Ends the proxy session and moves its WARC into the run's directory, so it outlives the session's spool; the
     * exchanges' spooled bodies go with the session (the WARC holds them). Null when the WARC could not be written.
     */
    private PageRecording keep(ProxySession session, Path runDir) {
        try {
            PageRecording r = session.finish();
            Path warc = Files.move(r.warc(), runDir.resolve(r.warc().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            List<RecordedExchange> exchanges = r.exchanges().stream().map(e -> new RecordedExchange(e.method(), e.url(),
                    e.status(), e.contentType(), e.location(), e.resolvedAddress(), e.tlsPeerCertificateSha256(),
                    e.startedAt(), e.endedAt(), null, e.bodySize(), e.bodySha256(), e.truncated(), e.warcRecordId())).toList();
            return new PageRecording(r.captureId(), exchanges, r.refused(), warc, r.warcSha256(), r.warcSize());
        } catch (IOException e) {
            LOG.warnf("the recording of a yt-dlp run could not be written: %s", e.getMessage());
            return null;
        }
    }

    private YtDlpResult result(Ran ran, PageRecording recording, Path runDir, VideoProvenance.YtDlp run) {
        Optional<VideoCaptureStop> stop = stop(ran, recording);
        if (stop.isPresent()) {
            return new YtDlpResult.Stopped(stop.get(), recording, run);
        }
        List<Path> files = RunDirectory.outputs(runDir);
        if (files.stream().allMatch(RunDirectory::isInfoJson)) {
            return new YtDlpResult.Stopped(VideoCaptureStop.failed(bounded("yt-dlp exited 0 but wrote no media file: "
                    + ran.lastLine())), recording, run);
        }
        return new YtDlpResult.Downloaded(files, recording, run);
    }

    /** Why the run cannot be claimed whole, in order of precedence: deadline, byte cap, refusal, error. */
    private Optional<VideoCaptureStop> stop(Ran ran, PageRecording recording) {
        if (ran.timedOut()) {
            return Optional.of(VideoCaptureStop.cap("wall-time", settings.deadline().toString(),
                    "yt-dlp ran past its deadline of " + settings.deadline() + " and was killed"));
        }
        if (recording == null) {
            return Optional.of(VideoCaptureStop.failed("the recording proxy's WARC of the run could not be written"));
        }
        String bytes = Long.toString(settings.maxBytes());
        for (RecordedExchange e : recording.exchanges()) {
            if (e.truncated()) {
                return Optional.of(VideoCaptureStop.cap("bytes", bytes, bounded("a response was cut at the byte cap of "
                        + bytes + " bytes: " + e.url())));
            }
        }
        for (PageProvenance.RefusedRequest r : recording.refused()) {
            if (r.reason().contains(BYTE_CAP_REFUSAL)) {
                return Optional.of(VideoCaptureStop.cap("bytes", bytes, bounded("a request was refused at the byte cap of "
                        + bytes + " bytes: " + r.url())));
            }
        }
        if (ran.maxFilesize()) {
            // yt-dlp skips a file whose declared size is over --max-filesize and still exits 0: not whole.
            return Optional.of(VideoCaptureStop.cap("bytes", bytes, "yt-dlp skipped a video: its size is over "
                    + bytes + " bytes"));
        }
        if (ran.exitCode() == 0) {
            return Optional.empty();
        }
        if (!recording.refused().isEmpty()) {
            PageProvenance.RefusedRequest r = recording.refused().get(0);
            return Optional.of(VideoCaptureStop.refused(bounded("yt-dlp failed after the recording proxy refused "
                    + r.url() + ": " + r.reason())));
        }
        return Optional.of(VideoCaptureStop.failed(bounded("yt-dlp exited " + ran.exitCode() + ": " + ran.lastLine())));
    }

    private static String bounded(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…";
    }

    private static String describe(YtDlpResult r) {
        if (r instanceof YtDlpResult.Downloaded d) {
            return d.files().size() + " file(s)";
        }
        VideoCaptureStop s = ((YtDlpResult.Stopped) r).stop();
        return s.why() + (s.cap() == null ? "" : " " + s.cap()) + ": " + s.getMessage();
    }

    /** How the process ended: its exit code (-1: not started or not reaped), whether the deadline killed it. */
    private record Ran(int exitCode, boolean timedOut, String lastLine, boolean maxFilesize) {
    }
}
