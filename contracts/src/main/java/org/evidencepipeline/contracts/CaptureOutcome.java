package org.evidencepipeline.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What happened when the storer tried to capture one media item. The set of cases is closed: every
 * attempt ends in exactly one of these, and each is written to the archive record, so no media
 * reference silently disappears.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CaptureOutcome.Stored.class, name = "stored"),
        @JsonSubTypes.Type(value = CaptureOutcome.Duplicate.class, name = "duplicate"),
        @JsonSubTypes.Type(value = CaptureOutcome.Refused.class, name = "refused"),
        @JsonSubTypes.Type(value = CaptureOutcome.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = CaptureOutcome.TooLarge.class, name = "too-large"),
        @JsonSubTypes.Type(value = CaptureOutcome.Skipped.class, name = "skipped")
})
public sealed interface CaptureOutcome {

    /** The media URL as found in the post. */
    String mediaUrl();

    /** Bytes fetched, hashed and written as a new object. */
    record Stored(String mediaUrl, String captureId, String sha256, long size, String contentType,
                  String objectKey, String provenanceKey) implements CaptureOutcome {
    }

    /**
     * Bytes fetched and hashed, but an object with the same SHA-256 was already stored, so nothing
     * was written except this capture's provenance record.
     */
    record Duplicate(String mediaUrl, String captureId, String sha256, long size, String contentType,
                     String objectKey, String provenanceKey) implements CaptureOutcome {
    }

    /** Not fetched because the URL or its address is not allowed (scheme, private network, ...). */
    record Refused(String mediaUrl, String reason) implements CaptureOutcome {
    }

    /** Fetch attempted and failed (HTTP error, timeout, connection reset...). */
    record Failed(String mediaUrl, String reason) implements CaptureOutcome {
    }

    /** The body exceeded the configured size cap; the partial bytes were discarded. */
    record TooLarge(String mediaUrl, long limitBytes) implements CaptureOutcome {
    }

    /**
     * Not attempted: the post carried more media than the per-post cap, or its capture time budget was spent
     * before this item's turn. The reason says which; the URL stays on record so it can be captured later.
     */
    record Skipped(String mediaUrl, String reason) implements CaptureOutcome {
    }
}
