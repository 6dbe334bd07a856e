package org.evidencepipeline.collector.cursor;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a source was left off: HTTP validators, the platform's paging position, and the most recent
 * post ids with the hash and version last published for each (for dedup and edit detection).
 * Stored as the latest value per source id on a compacted topic.
 */
public record SourceCursor(String sourceId, String etag, String lastModified, String position,
                           LinkedHashMap<String, Seen> seen, Instant updatedAt) {

    /** The content hash and version last published for a post id. */
    public record Seen(String contentHash, int version) {
    }

    public SourceCursor {
        seen = seen == null ? new LinkedHashMap<>() : new LinkedHashMap<>(seen);
    }

    public static SourceCursor empty(String sourceId) {
        return new SourceCursor(sourceId, null, null, null, new LinkedHashMap<>(), null);
    }

    /** A new cursor with these validators and seen posts, keeping only the {@code remember} newest ids. */
    public SourceCursor advance(String etag, String lastModified, String position, Map<String, Seen> seenNow,
                                int remember, Instant now) {
        LinkedHashMap<String, Seen> bounded = new LinkedHashMap<>(seenNow);
        Iterator<String> oldest = bounded.keySet().iterator();
        while (bounded.size() > remember && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        return new SourceCursor(sourceId, etag, lastModified, position, bounded, now);
    }
}
