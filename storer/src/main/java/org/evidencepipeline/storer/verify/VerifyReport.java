package org.evidencepipeline.storer.verify;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A verification run: one line per media capture, per post version with a post provenance record, per page capture
 * and per video capture, the totals, and the totals of each kind ({@code media}, {@code post}, {@code page},
 * {@code video}).
 */
public record VerifyReport(String scope, Instant checkedAt, List<Item> items, Map<VerifyStatus, Integer> totals,
                           Map<String, Map<VerifyStatus, Integer>> totalsByKind) {

    public static final String MEDIA = "media";
    public static final String POST = "post";
    public static final String PAGE = "page";
    public static final String VIDEO = "video";

    /**
     * One verdict, with what was expected and what was found.
     *
     * @param kind         {@code media} (a capture), {@code post} (a post version's own bytes) or {@code page} (a page
     *                     capture: HTML source, rendered DOM, screenshots, WARC) or {@code video} (a video capture: every
     *                     part and the muxed file)
     * @param captureId    the capture, for media, page and video; null for a post
     * @param provenanceId the post provenance record, for a post; null for media and page
     * @param postVersion  the post version, for a post, page or video; null for media
     * @param objectKey    the object re-hashed: the capture, the fetch WARC holding the post's raw item, or for a page its
     *                     provenance record (each artifact is named in the detail), for a video its provenance record
     *                     (each part is named in the detail)
     * @param expectedSha256 the media SHA-256, the raw item's SHA-256 the record states, the page's html-source SHA-256,
     *                     or the video's muxed file SHA-256 (null when nothing was muxed)
     * @param actualSha256 what the bytes (for a page: its html-source object) hash to now; null when they could not be read
     * @param detail       what was checked, or which check failed and why (the ledger's findings last)
     * @param objectStatus what re-hashing the item's objects against its provenance record found (OK, MISMATCH, MISSING,
     *                     INCOMPLETE), before the ledger was consulted
     * @param ledger       the custody ledger's part of the verdict: per object its shard, leaf index, checkpoint size and
     *                     time-stamp time; null when there was nothing to look up (no readable provenance record)
     */
    public record Item(String kind, String captureId, String provenanceId, String postId, Integer postVersion, String objectKey,
                       VerifyStatus status, String expectedSha256, String actualSha256, String detail, VerifyStatus objectStatus,
                       LedgerVerdict ledger) {

        /** An item as the re-hash found it, before the ledger check. */
        public Item(String kind, String captureId, String provenanceId, String postId, Integer postVersion, String objectKey,
                    VerifyStatus status, String expectedSha256, String actualSha256, String detail) {
            this(kind, captureId, provenanceId, postId, postVersion, objectKey, status, expectedSha256, actualSha256, detail, status,
                    null);
        }

        /**
         * The item with the ledger's verdict: REPLACED wins (it says why bytes differ); else a failed re-hash (MISMATCH,
         * MISSING) stands; else any ledger failure; else what the re-hash found (OK, or INCOMPLETE).
         */
        public Item withLedger(LedgerVerdict verdict) {
            VerifyStatus overall;
            if (verdict.status() == VerifyStatus.REPLACED) {
                overall = VerifyStatus.REPLACED;
            } else if (objectStatus == VerifyStatus.MISMATCH || objectStatus == VerifyStatus.MISSING) {
                overall = objectStatus;
            } else if (verdict.status() != VerifyStatus.OK) {
                overall = verdict.status();
            } else {
                overall = objectStatus;
            }
            return new Item(kind, captureId, provenanceId, postId, postVersion, objectKey, overall, expectedSha256, actualSha256,
                    detail + "; " + verdict.detail(), objectStatus, verdict);
        }

        public static Item media(String captureId, String postId, String objectKey, VerifyStatus status, String expectedSha256,
                                 String actualSha256, String detail) {
            return new Item(MEDIA, captureId, null, postId, null, objectKey, status, expectedSha256, actualSha256, detail);
        }

        public static Item post(String provenanceId, String postId, Integer postVersion, String warcKey, VerifyStatus status,
                                String expectedSha256, String actualSha256, String detail) {
            return new Item(POST, null, provenanceId, postId, postVersion, warcKey, status, expectedSha256, actualSha256, detail);
        }

        public static Item video(String captureId, String postId, Integer postVersion, String provenanceKey, VerifyStatus status,
                                 String expectedMuxedSha256, String actualMuxedSha256, String detail) {
            return new Item(VIDEO, captureId, null, postId, postVersion, provenanceKey, status, expectedMuxedSha256, actualMuxedSha256,
                    detail);
        }

        public static Item page(String captureId, String postId, Integer postVersion, String provenanceKey, VerifyStatus status,
                                String expectedHtmlSha256, String actualHtmlSha256, String detail) {
            return new Item(PAGE, captureId, null, postId, postVersion, provenanceKey, status, expectedHtmlSha256, actualHtmlSha256, detail);
        }

        /** The capture id (media, page or video) or the post provenance id. */
        public String id() {
            return captureId != null ? captureId : provenanceId;
        }
    }

    public static VerifyReport of(String scope, Instant at, List<Item> items) {
        Map<String, Map<VerifyStatus, Integer>> byKind = new TreeMap<>();
        for (String kind : List.of(MEDIA, POST, PAGE, VIDEO)) {
            byKind.put(kind, zeros());
        }
        Map<VerifyStatus, Integer> totals = zeros();
        for (Item i : items) {
            totals.merge(i.status(), 1, Integer::sum);
            byKind.computeIfAbsent(i.kind(), k -> zeros()).merge(i.status(), 1, Integer::sum);
        }
        return new VerifyReport(scope, at, List.copyOf(items), totals, byKind);
    }

    private static Map<VerifyStatus, Integer> zeros() {
        Map<VerifyStatus, Integer> m = new EnumMap<>(VerifyStatus.class);
        for (VerifyStatus s : VerifyStatus.values()) {
            m.put(s, 0);
        }
        return m;
    }

    /** Whether every item passes: OK, or INCOMPLETE (no integrity failure); any other status fails the run. */
    public boolean allOk() {
        return items.stream().allMatch(i -> i.status().passes());
    }
}
