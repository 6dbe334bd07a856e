package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One evidence object the archive holds, as the stage that made it durable states it. The custody ledger
 * (module {@code ledger}) appends each entry as a leaf of an append-only Merkle tree; the leaf is the RFC 9162 leaf hash
 * of {@code LedgerEntryCodec.canonical(entry)}, so every field below is committed to by the signed checkpoints.
 * Published on {@link Topics#LEDGER_ENTRIES} keyed by {@link #key()}, only after the object is durable, and before the
 * stage acknowledges the input that produced it.
 *
 * @param kind          what the object is: one of the constants below
 * @param key           the archive object key (for {@link #RAW_ITEM}: the fetch WARC holding it, see {@code within})
 * @param sha256        SHA-256 (hex) of the object's bytes (of the range {@code within} names, when given)
 * @param size          its length in bytes
 * @param captureId     the capture (media, page or video capture id, or post provenance id) the object belongs to,
 *                      or null
 * @param postId        the post the object is evidence of, or null (a fetch WARC holds many posts)
 * @param postVersion   that post's version, or null
 * @param collectionIds the collections that caught the post; empty when none or not known
 * @param time          when the stage made the object durable (or found it already durable, on a replay)
 * @param versionId     the S3 version id the write returned, when the bucket is versioned; else null
 * @param within        for an object that is a range of another ({@link #RAW_ITEM} in its fetch WARC record's payload),
 *                      where; else null
 */
public record LedgerEntry(int schemaVersion, String kind, String key, String sha256, long size, String captureId,
                          String postId, Integer postVersion, List<String> collectionIds, Instant time, String versionId,
                          Within within) {
    public static final int SCHEMA_VERSION = 1;

    /** The collector's preserved fetch (or Jetstream window), {@code fetches/…warc.gz}. */
    public static final String FETCH_WARC = "fetch-warc";
    /** A post's raw item: bytes of a fetch WARC record's payload ({@code within}). */
    public static final String RAW_ITEM = "raw-item";
    /** The normalised post JSON, {@code posts/…}. */
    public static final String POST = "post";
    /** A post provenance record ({@code kind: post}). */
    public static final String POST_PROVENANCE = "post-provenance";
    /** A captured media item, {@code sha256/…}. */
    public static final String MEDIA = "media";
    /** A media capture's provenance record. */
    public static final String MEDIA_PROVENANCE = "media-provenance";
    /** A page capture's artifact (HTML source, DOM, screenshots, PDF, WARC), {@code sha256/…}. */
    public static final String PAGE_ARTIFACT = "page-artifact";
    /** A page capture's provenance record. */
    public static final String PAGE_PROVENANCE = "page-provenance";
    /** One part of a video stream (playlist, manifest, init, segment, key, subtitle) or its muxed file, {@code sha256/…}. */
    public static final String VIDEO_PART = "video-part";
    /** A video capture's provenance record. */
    public static final String VIDEO_PROVENANCE = "video-provenance";
    /** An RFC 3161 time-stamp token ({@code .tsr}) over a provenance record. */
    public static final String TIMESTAMP = "timestamp";

    public static final List<String> KINDS = List.of(FETCH_WARC, RAW_ITEM, POST, POST_PROVENANCE, MEDIA, MEDIA_PROVENANCE,
            PAGE_ARTIFACT, PAGE_PROVENANCE, VIDEO_PART, VIDEO_PROVENANCE, TIMESTAMP);

    public LedgerEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(time, "time");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown ledger entry kind " + kind);
        }
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
    }

    /** An entry for a whole object (no {@code within}). */
    public static LedgerEntry of(String kind, String key, String sha256, long size, String captureId, String postId,
                                 Integer postVersion, List<String> collectionIds, Instant time, String versionId) {
        return new LedgerEntry(SCHEMA_VERSION, kind, key, sha256, size, captureId, postId, postVersion, collectionIds, time,
                versionId, null);
    }

    /**
     * Bytes {@code [offset, offset + length)} of the payload of WARC record {@code warcRecordId} in the object the entry's
     * key names.
     */
    public record Within(String warcRecordId, long offset, long length) {
        public Within {
            Objects.requireNonNull(warcRecordId, "warcRecordId");
        }
    }
}
