package org.evidencepipeline.capturer.proxy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One request of a page load and the origin's response, as the proxy sent and received them.
 *
 * @param url              absolute URL of the request
 * @param status           the origin's HTTP status (101 for a WebSocket upgrade)
 * @param location         the response's Location header (a redirect), else null
 * @param resolvedAddress  the IP the proxy connected to
 * @param tlsPeerCertificateSha256 the origin's chain, leaf first, when https
 * @param body             the spooled response body with transfer coding removed (content coding kept), valid until the
 *                         recording is closed; null when there was none
 * @param bodySha256       hex SHA-256 of {@code body}, computed while it streamed
 * @param truncated        the body was cut at the response cap
 * @param warcRecordId     the WARC response record holding this exchange ({@code <urn:uuid:…>})
 */
public record RecordedExchange(String method, String url, int status, String contentType, String location,
                               String resolvedAddress, List<String> tlsPeerCertificateSha256, Instant startedAt,
                               Instant endedAt, Path body, long bodySize, String bodySha256, boolean truncated,
                               String warcRecordId) {
    public RecordedExchange {
        tlsPeerCertificateSha256 = tlsPeerCertificateSha256 == null ? List.of() : List.copyOf(tlsPeerCertificateSha256);
    }
}
