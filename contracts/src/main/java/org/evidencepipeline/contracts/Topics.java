package org.evidencepipeline.contracts;

/**
 * Kafka topic names of the pipeline's contracts. Versioned: a breaking change to a payload gets a
 * new topic ({@code .v2}) so old and new consumers can run side by side. Services take these as
 * defaults of their channel configuration; {@code docs/asyncapi.yaml} documents each one.
 */
public final class Topics {
    /** Raw posts as collected, key = {@link PostId} string. */
    public static final String POSTS_COLLECTED = "posts.collected.v1";
    /** Posts with language and metadata, key = post id. */
    public static final String POSTS_ENRICHED = "posts.enriched.v1";
    /** One record per archived post with its capture outcomes, key = post id. */
    public static final String POSTS_ARCHIVED = "posts.archived.v1";
    /** Deletions a platform announced (e.g. Bluesky delete commits), key = post id. */
    public static final String POSTS_DELETED = "posts.deleted.v1";
    /** Requests to capture a post version's page in a browser (capturer), key = post id. */
    public static final String PAGES_REQUESTED = "pages.requested.v1";
    /** One record per page capture attempt with its outcome and provenance, key = post id. */
    public static final String PAGES_ARCHIVED = "pages.archived.v1";
    /** Requests to capture a post version's video stream whole (HLS, DASH, yt-dlp) in the capturer, key = post id. */
    public static final String VIDEOS_REQUESTED = "videos.requested.v1";
    /** One record per video capture attempt with its outcome and provenance, key = post id. */
    public static final String VIDEOS_ARCHIVED = "videos.archived.v1";
    /**
     * Every evidence object the stages made durable ({@link LedgerEntry}), key = the post id when the entry has one,
     * else the object key (so a post's entries share one partition); the storer's ledger writer
     * appends each partition to its own Merkle tree (shard = partition number).
     */
    public static final String LEDGER_ENTRIES = "ledger.entries.v1";
    /** Collector cursors per source, compacted, key = source id. */
    public static final String COLLECTOR_CURSORS = "collector.cursors.v1";
    /** Entries the collector could not turn into posts, with the reason. */
    public static final String DEAD_LETTER_COLLECTOR = "dead-letter.collector.v1";
    /** Records the enricher could not process, original bytes plus reason headers. */
    public static final String DEAD_LETTER_ENRICHER = "dead-letter.enricher.v1";
    /** Records the storer could not process, original bytes plus reason headers. */
    public static final String DEAD_LETTER_STORER = "dead-letter.storer.v1";
    /** Capture requests the capturer could not process, original bytes plus reason headers. */
    public static final String DEAD_LETTER_CAPTURER = "dead-letter.capturer.v1";

    /** Prefix of the researcher topic feeds; see {@link #collectionFeed} and {@link #collectionLanguageFeed}. */
    public static final String FEED_PREFIX = "feeds.";

    private Topics() {
    }

    /** Every enriched post a collection caught: {@code feeds.<collection-id>.v1}, key = post id. */
    public static String collectionFeed(String collectionId) {
        return FEED_PREFIX + collectionId + ".v1";
    }

    /**
     * The posts of a collection in one language, for collections configured with a language filter:
     * {@code feeds.<collection-id>.<iso-639-1>.v1}, key = post id.
     */
    public static String collectionLanguageFeed(String collectionId, String language) {
        return FEED_PREFIX + collectionId + "." + language + ".v1";
    }
}
