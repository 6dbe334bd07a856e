package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a collected post's own bytes are: the fetch (or Jetstream listening window) that returned it, preserved as a
 * WARC object in the archive bucket before the post was published, and the post's raw item inside that record.
 * Anyone can cut the item out and re-hash it: read record {@link #warcRecordId()} of object {@link #warcKey()},
 * take its payload (the HTTP body as received, or the frame bytes of a {@code resource} record), and hash bytes
 * {@code [itemOffset, itemOffset + itemLength)}.
 *
 * @param fetchId      content id of the preserved fetch: SHA-256 (hex) of the target URI and the body's SHA-256,
 *                     so an identical body polled twice is one object
 * @param warcKey      the archive object holding the fetch's WARC records
 * @param warcRecordId the {@code WARC-Record-ID} of the record whose payload holds the item
 * @param fetchedUrl   the URL the body came from (after redirects)
 * @param fetchStartedAt when the request was sent (for a Jetstream frame, when the listening window opened)
 * @param fetchedAt    the {@code WARC-Date} of that record: when the response (or frame) was received
 * @param httpStatus   the response status; null for a Jetstream frame
 * @param resolvedAddress the IP address the body came from, when the client could know it (one vetted address);
 *                     null otherwise, never guessed
 * @param tlsPeerCertificateSha256 SHA-256 fingerprints of the server's certificate chain, leaf first; empty over
 *                     plain http
 * @param bodySha256   SHA-256 (hex) of the whole payload, equal to the record's {@code WARC-Payload-Digest}
 * @param bodyBytes    the payload's length
 * @param itemKind     what the item is: {@code json-object}, {@code xml-element}, {@code html-fragment} or
 *                     {@code jetstream-frame}
 * @param itemOffset   first byte of the item in the payload
 * @param itemLength   its length in bytes
 * @param itemSha256   SHA-256 (hex) of those bytes
 */
public record SourceEvidence(
        String fetchId,
        String warcKey,
        String warcRecordId,
        String fetchedUrl,
        Instant fetchStartedAt,
        Instant fetchedAt,
        Integer httpStatus,
        String resolvedAddress,
        List<String> tlsPeerCertificateSha256,
        String bodySha256,
        long bodyBytes,
        String itemKind,
        long itemOffset,
        long itemLength,
        String itemSha256) {

    public static final String JSON_OBJECT = "json-object";
    public static final String XML_ELEMENT = "xml-element";
    public static final String HTML_FRAGMENT = "html-fragment";
    public static final String JETSTREAM_FRAME = "jetstream-frame";

    public SourceEvidence {
        Objects.requireNonNull(fetchId, "fetchId");
        Objects.requireNonNull(warcKey, "warcKey");
        Objects.requireNonNull(warcRecordId, "warcRecordId");
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(itemSha256, "itemSha256");
        tlsPeerCertificateSha256 = tlsPeerCertificateSha256 == null ? List.of() : List.copyOf(tlsPeerCertificateSha256);
        if (itemOffset < 0 || itemLength < 0 || itemOffset + itemLength > bodyBytes) {
            throw new IllegalArgumentException("item [" + itemOffset + ", +" + itemLength + ") is not inside a body of "
                    + bodyBytes + " bytes");
        }
    }
}
