package org.evidencepipeline.storer.verify;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A verification run: one line per capture and the totals. */
public record VerifyReport(String scope, Instant checkedAt, List<Item> items, Map<VerifyStatus, Integer> totals) {

    /** One capture's verdict, with what was expected and what was found. */
    public record Item(String captureId, String postId, String objectKey, VerifyStatus status, String expectedSha256,
                       String actualSha256, String detail) {
    }

    public static VerifyReport of(String scope, Instant at, List<Item> items) {
        Map<VerifyStatus, Integer> totals = new EnumMap<>(VerifyStatus.class);
        for (VerifyStatus s : VerifyStatus.values()) {
            totals.put(s, 0);
        }
        items.forEach(i -> totals.merge(i.status(), 1, Integer::sum));
        return new VerifyReport(scope, at, List.copyOf(items), totals);
    }

    public boolean allOk() {
        return totals.get(VerifyStatus.MISMATCH) == 0 && totals.get(VerifyStatus.MISSING) == 0;
    }
}
