package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A post as the collector found it, published to {@link Topics#POSTS_COLLECTED} keyed by {@link #postId()}.
 *
 * @param schemaVersion payload version, {@value #SCHEMA_VERSION} for this record
 * @param postId        stable id, {@code platform:platformId}
 * @param version       1 for the first sighting; incremented when the same post id shows new content (an edit)
 * @param sourceId      the configured source that fetched it
 * @param collectionIds every collection that caught it
 * @param contentHash   SHA-256 (hex) of the post's canonical content, used to notice edits
 * @param languageHint  the platform's own language tag, if any (kept beside our detection); for Telegram, which declares
 *                      none, the source's configured channel language
 * @param source        where the post's own bytes (the platform's response and the raw item in it) are preserved;
 *                      null when the collector ran without an archive for fetches ({@code collector.evidence.store=none})
 */
public record PostCollected(
        int schemaVersion,
        String postId,
        String platform,
        String platformId,
        int version,
        String sourceId,
        List<String> collectionIds,
        String url,
        Author author,
        String title,
        String text,
        String languageHint,
        Instant publishedAt,
        Instant collectedAt,
        List<MediaRef> media,
        GeoPoint geo,
        String contentHash,
        ToolInfo collector,
        SourceEvidence source) {

    public static final int SCHEMA_VERSION = 1;

    public PostCollected {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(collectedAt, "collectedAt");
        if (!postId.equals(new PostId(platform, platformId).toString())) {
            throw new IllegalArgumentException("postId " + postId + " does not match platform " + platform + " and id " + platformId);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1 but was " + version);
        }
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
        media = media == null ? List.of() : List.copyOf(media);
    }

    /** A post without source evidence (collected with no archive for fetches). */
    public PostCollected(int schemaVersion, String postId, String platform, String platformId, int version, String sourceId,
                         List<String> collectionIds, String url, Author author, String title, String text, String languageHint,
                         Instant publishedAt, Instant collectedAt, List<MediaRef> media, GeoPoint geo, String contentHash,
                         ToolInfo collector) {
        this(schemaVersion, postId, platform, platformId, version, sourceId, collectionIds, url, author, title, text, languageHint,
                publishedAt, collectedAt, media, geo, contentHash, collector, null);
    }

    public PostCollected withSource(SourceEvidence evidence) {
        return new PostCollected(schemaVersion, postId, platform, platformId, version, sourceId, collectionIds, url, author, title,
                text, languageHint, publishedAt, collectedAt, media, geo, contentHash, collector, evidence);
    }
}
