package org.evidencepipeline.download;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How one download ended. The cases are closed; each maps to one capture outcome. */
public sealed interface DownloadResult {

    /**
     * Bytes fetched in full and hashed while they streamed to {@code file}.
     *
     * @param redirects every hop followed after the original URL, in order
     */
    record Fetched(String fetchedUrl, List<String> redirects, String resolvedAddress, int status,
                   Map<String, List<String>> headers, List<String> tlsPeerCertificateSha256, Instant startedAt,
                   Instant endedAt, String sha256, String sha512, long size, String declaredContentType,
                   String sniffedContentType, Path file) implements DownloadResult {
    }

    /** Not fetched (or abandoned at a redirect) because the target is not allowed. */
    record Refused(String reason, List<String> redirects) implements DownloadResult {
    }

    /** Attempted and failed: HTTP error, timeout, reset... */
    record Failed(String reason, List<String> redirects) implements DownloadResult {
    }

    /** The body was larger than the cap; nothing was kept. */
    record TooLarge(long limitBytes, List<String> redirects) implements DownloadResult {
    }
}
