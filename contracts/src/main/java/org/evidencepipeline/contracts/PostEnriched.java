package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * A collected post plus what the enricher derived from it, published to {@link Topics#POSTS_ENRICHED}
 * keyed by the post id.
 *
 * @param textSha256 SHA-256 (hex) of the post text (NFC, UTF-8), so identical claims can be found
 * @param expandedLinks for links on known URL shorteners, where each one really points (read from the
 *                   shortener's redirect, the target itself is never fetched); normalised, keyed by the short link
 * @param simhash    64-bit SimHash (16 hex digits) of the text's word shingles: reposts of the same claim
 *                   with small changes are a few bits apart, so near-duplicates can be linked
 */
public record PostEnriched(
        int schemaVersion,
        PostCollected post,
        LanguageTag language,
        List<String> hashtags,
        List<String> mentions,
        List<String> links,
        Map<String, String> expandedLinks,
        String textSha256,
        String simhash,
        Instant enrichedAt,
        ToolInfo enricher) {

    public static final int SCHEMA_VERSION = 1;

    public PostEnriched {
        Objects.requireNonNull(post, "post");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(enrichedAt, "enrichedAt");
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        links = links == null ? List.of() : List.copyOf(links);
        expandedLinks = expandedLinks == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(expandedLinks));
    }

    public String postId() {
        return post.postId();
    }
}
