package org.evidencepipeline.storer.verify;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A verification run: one line per media capture and per post version with a post provenance record, the totals,
 * and the totals of each kind ({@code media}, {@code post}).
 */
public record VerifyReport(String scope, Instant checkedAt, List<Item> items, Map<VerifyStatus, Integer> totals,
                           Map<String, Map<VerifyStatus, Integer>> totalsByKind) {

    public static final String MEDIA = "media";
    public static final String POST = "post";

    /**
     * One verdict, with what was expected and what was found.
     *
     * @param kind         {@code media} (a capture) or {@code post} (a post version's own bytes)
     * @param captureId    the capture, for media; null for a post
     * @param provenanceId the post provenance record, for a post; null for media
     * @param postVersion  the post version, for a post; null for media
     * @param objectKey    the object re-hashed: the capture, or the fetch WARC holding the post's raw item
     * @param expectedSha256 the media SHA-256, or the raw item's SHA-256 the record states
     * @param actualSha256 what the bytes hash to now; null when they could not be read
     * @param detail       what was checked, or which check failed and why
     */
    public record Item(String kind, String captureId, String provenanceId, String postId, Integer postVersion, String objectKey,
                       VerifyStatus status, String expectedSha256, String actualSha256, String detail) {

        public static Item media(String captureId, String postId, String objectKey, VerifyStatus status, String expectedSha256,
                                 String actualSha256, String detail) {
            return new Item(MEDIA, captureId, null, postId, null, objectKey, status, expectedSha256, actualSha256, detail);
        }

        public static Item post(String provenanceId, String postId, Integer postVersion, String warcKey, VerifyStatus status,
                                String expectedSha256, String actualSha256, String detail) {
            return new Item(POST, null, provenanceId, postId, postVersion, warcKey, status, expectedSha256, actualSha256, detail);
        }

        /** The capture id or the post provenance id. */
        public String id() {
            return captureId != null ? captureId : provenanceId;
        }
    }

    public static VerifyReport of(String scope, Instant at, List<Item> items) {
        Map<String, Map<VerifyStatus, Integer>> byKind = new TreeMap<>();
        for (String kind : List.of(MEDIA, POST)) {
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

    public boolean allOk() {
        return totals.get(VerifyStatus.MISMATCH) == 0 && totals.get(VerifyStatus.MISSING) == 0;
    }
}
