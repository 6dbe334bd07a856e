package org.evidencepipeline.capturer.video;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.video.stream.ManifestFetcher;
import org.evidencepipeline.capturer.video.stream.PlannedPart;
import org.evidencepipeline.download.DownloadResult;
import org.evidencepipeline.download.SafeDownloader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Fetches one stream's parts, one after the other, through the shared safe downloader (address policy on every hop
 * and on the connected address, hashes while streaming) under the stream's caps: each part gets the shorter of the
 * part timeout and the wall time left, and at most the bytes left under the byte cap. Every fetched part is kept
 * ({@link KeptParts}) before the next is asked for, so a stop leaves exactly what was fetched.
 */
public final class PartFetcher implements ManifestFetcher {
    private static final int MAX_REDIRECTS = 5;
    /** Playlists and manifests are parsed in memory: text, never this large in practice. */
    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private final StreamCaps caps;
    private final String userAgent;
    private final Clock clock;
    private final KeptParts kept;
    private final Path dir;
    private final SafeDownloader downloader;
    private final long wallDeadline;
    private int files;

    public PartFetcher(AddressPolicy policy, SafeDownloader.HostResolver hosts, StreamCaps caps, String userAgent, Clock clock,
                       KeptParts kept, Path dir) {
        this.caps = caps;
        this.userAgent = userAgent;
        this.clock = clock;
        this.kept = kept;
        this.dir = dir;
        // One downloader for the stream (its connections pooled across parts); each call caps the part at what is left
        // of the stream's bytes and its time at the part timeout or the wall time left.
        this.downloader = new SafeDownloader(policy, hosts, new SafeDownloader.Limits(caps.maxBytes(), caps.connectTimeout(),
                caps.readTimeout(), caps.partTimeout(), MAX_REDIRECTS, userAgent), clock);
        this.wallDeadline = System.nanoTime() + caps.wallTime().toNanos();
    }

    /** A playlist or manifest for the planner: kept exactly as fetched, then its bytes. */
    @Override
    public Fetched fetch(String role, String track, String url) throws VideoCaptureStop {
        DownloadResult.Fetched f = download(url, Math.min(MAX_MANIFEST_BYTES, bytesLeft()));
        keep(f, role, track, url, null);
        try {
            return new Fetched(Files.readAllBytes(f.file()), f.fetchedUrl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fetched " + role + " " + f.file(), e);
        }
    }

    /** A planned key, init part, segment or subtitle. */
    public void fetch(PlannedPart part) throws VideoCaptureStop {
        DownloadResult.Fetched f = download(part.url(), bytesLeft());
        keep(f, part.role(), part.track(), part.url(), part.durationSeconds());
    }

    private long bytesLeft() {
        return caps.maxBytes() - kept.bytes();
    }

    private DownloadResult.Fetched download(String url, long maxBytes) throws VideoCaptureStop {
        long left = wallDeadline - System.nanoTime();
        if (left <= 0) {
            throw wallTime(url);
        }
        if (maxBytes <= 0) {
            throw bytes(url);
        }
        Duration wallLeft = Duration.ofNanos(left);
        Duration budget = caps.partTimeout().compareTo(wallLeft) < 0 ? caps.partTimeout() : wallLeft;
        DownloadResult result = downloader.download(url, dir.resolve("part-" + (files++)), budget, maxBytes);
        if (result instanceof DownloadResult.Fetched f) {
            return f;
        }
        if (result instanceof DownloadResult.Refused r) {
            throw VideoCaptureStop.refused("refused " + url + ": " + r.reason());
        }
        if (result instanceof DownloadResult.TooLarge) {
            throw bytes(url);
        }
        DownloadResult.Failed failed = (DownloadResult.Failed) result;
        if (wallDeadline - System.nanoTime() <= Duration.ofMillis(100).toNanos()) {
            throw wallTime(url);
        }
        throw VideoCaptureStop.failed("cannot fetch " + url + ": " + failed.reason());
    }

    private void keep(DownloadResult.Fetched f, String role, String track, String url, Double duration) {
        String contentType = f.declaredContentType() == null || f.declaredContentType().isBlank()
                ? f.sniffedContentType() : f.declaredContentType();
        try {
            kept.add(new PartDraft(role, track, url, f.fetchedUrl(), f.sha256(), f.size(), contentType, duration,
                    f.status(), f.resolvedAddress(), f.endedAt()), f.file());
        } catch (StorageException e) {
            throw new ArchiveUnreachable(e);
        }
    }

    private VideoCaptureStop wallTime(String url) {
        return VideoCaptureStop.cap("wall-time", caps.wallTime().toString(),
                "the stream's wall time of " + caps.wallTime() + " ran out before " + url + " was fetched");
    }

    private VideoCaptureStop bytes(String url) {
        return VideoCaptureStop.cap("bytes", Long.toString(caps.maxBytes()),
                "the stream's parts passed " + caps.maxBytes() + " bytes at " + url);
    }

    /**
     * The archive could not be reached while a part was kept: not a fact about the stream, so it is carried out of the
     * planner (whose fetcher interface only knows stops) and rethrown as the {@link StorageException} it is.
     */
    static final class ArchiveUnreachable extends RuntimeException {
        ArchiveUnreachable(StorageException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        StorageException storage() {
            return (StorageException) getCause();
        }
    }
}
