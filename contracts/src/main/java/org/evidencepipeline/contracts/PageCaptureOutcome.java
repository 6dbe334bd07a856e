package org.evidencepipeline.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * What happened when the capturer tried to capture one post version's page. The set is closed: every request ends in
 * exactly one of these, published in {@link PageArchived}, so no page request silently disappears.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PageCaptureOutcome.Captured.class, name = "captured"),
        @JsonSubTypes.Type(value = PageCaptureOutcome.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = PageCaptureOutcome.Refused.class, name = "refused"),
        @JsonSubTypes.Type(value = PageCaptureOutcome.Skipped.class, name = "skipped")
})
public sealed interface PageCaptureOutcome {

    /** The page URL as requested. */
    String pageUrl();

    /** The page loaded and every artifact (source, DOM, screenshots, WARC) and the provenance record are durable. */
    record Captured(String pageUrl, String captureId, String finalUrl, List<PageArtifact> artifacts, String provenanceKey)
            implements PageCaptureOutcome {
        public Captured {
            artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        }
    }

    /**
     * Attempted, and the page gave no capture: the deadline passed (a page that never finishes loading, a script that
     * hangs), the renderer crashed or ran out of memory, the main document's request was refused or failed, or the
     * browser died. Nothing is claimed captured; the reason says which.
     */
    record Failed(String pageUrl, String captureId, String reason) implements PageCaptureOutcome {
    }

    /** Not attempted: the URL or its address is not allowed (scheme, private network, ...). */
    record Refused(String pageUrl, String reason) implements PageCaptureOutcome {
    }

    /** Not attempted: no browser on this capturer (Chromium not installed), or page capture switched off. */
    record Skipped(String pageUrl, String reason) implements PageCaptureOutcome {
    }
}
