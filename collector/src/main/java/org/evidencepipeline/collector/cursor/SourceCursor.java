package org.evidencepipeline.collector.cursor;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a source was left off: HTTP validators, the platform's paging position, and the most recent
 * post ids with the hash and version last published for each (for dedup and edit detection).
 * {@code failure} is the dead-lettered failure the latest polls ended in (null after a good poll), kept here so
 * that it is dead-lettered once, not at every poll, and a restart does not write it again. {@code rejected} holds the
 * fingerprints of the entries the last full poll could not read, already dead-lettered, for the same reason.
 * Stored as the latest value per source id on a compacted topic; cursors written before {@code failure}
 * existed read with it null.
 */
public record SourceCursor(String sourceId, String etag, String lastModified, String position,
                           LinkedHashMap<String, Seen> seen, Instant updatedAt, Failure failure, Set<String> rejected) {

    /** The content hash and version last published for a post id. */
    public record Seen(String contentHash, int version) {
    }

    /**
     * A failure already dead-lettered: {@code fingerprint} is the SHA-256 of the source, the failure class, its
     * message and the body's SHA-256; {@code repeats} counts the polls that ended in it since it was dead-lettered
     * (1 = that first poll; a transport error in between does not reset it, a good poll does).
     */
    public record Failure(String fingerprint, String reason, int repeats, Instant since) {
        public Failure repeated() {
            return new Failure(fingerprint, reason, repeats + 1, since);
        }
    }

    public SourceCursor(String sourceId, String etag, String lastModified, String position,
                        LinkedHashMap<String, Seen> seen, Instant updatedAt) {
        this(sourceId, etag, lastModified, position, seen, updatedAt, null, null);
    }

    public SourceCursor {
        seen = seen == null ? new LinkedHashMap<>() : new LinkedHashMap<>(seen);
        rejected = rejected == null ? Set.of() : Set.copyOf(rejected);
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
        return new SourceCursor(sourceId, etag, lastModified, position, bounded, now, null, rejected);
    }

    /**
     * The same cursor remembering these rejected entries (only those of the latest full poll: an entry that left the
     * feed is forgotten, so the set stays as small as one page).
     */
    public SourceCursor withRejected(Set<String> rejectedNow) {
        return new SourceCursor(sourceId, etag, lastModified, position, seen, updatedAt, failure, rejectedNow);
    }

    /** The same cursor, now failing with {@code now}: validators, position and seen posts are kept as they were. */
    public SourceCursor failing(Failure now, Instant at) {
        return new SourceCursor(sourceId, etag, lastModified, position, seen, at, now, rejected);
    }
}
