package org.evidencepipeline.contracts;

import java.util.Objects;

/**
 * One stored product of a page capture, content-addressed ({@code sha256/…}) and hashed before storage.
 *
 * @param role        which artifact it is: {@link #HTML_SOURCE}, {@link #RENDERED_DOM}, {@link #SCREENSHOT},
 *                    {@link #SCREENSHOT_STAMPED} or {@link #WARC}
 * @param objectKey   the archive object holding the bytes
 * @param sha256      of the bytes, computed when they were captured
 * @param size        in bytes
 * @param contentType as stored
 */
public record PageArtifact(String role, String objectKey, String sha256, long size, String contentType) {
    /** The main document's body exactly as the server sent it (transfer coding removed, nothing else). */
    public static final String HTML_SOURCE = "html-source";
    /** {@code document.documentElement.outerHTML} with its doctype, after load. */
    public static final String RENDERED_DOM = "rendered-dom";
    /** The full-page PNG exactly as the browser produced it. */
    public static final String SCREENSHOT = "screenshot";
    /** The same picture under a visible header strip: URL, UTC capture time, capture id (derived, never instead of it). */
    public static final String SCREENSHOT_STAMPED = "screenshot-stamped";
    /** Every request and response of the page load, and every refusal, as WARC/1.1 (gzip). */
    public static final String WARC = "warc";

    public PageArtifact {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(sha256, "sha256");
    }
}
