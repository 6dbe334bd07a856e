package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.GeoPoint;
import org.evidencepipeline.contracts.MediaRef;

import java.time.Instant;
import java.util.List;

/**
 * A post as an adapter read it from a platform, before versioning and collection tagging. {@code raw} is where its
 * bytes are in what the source returned; every adapter sets it (null only where a test builds a post by hand).
 */
public record FoundPost(String platform, String platformId, String url, Author author, String title, String text,
                        String languageHint, Instant publishedAt, List<MediaRef> media, GeoPoint geo, RawItem raw) {
    public FoundPost {
        media = media == null ? List.of() : List.copyOf(media);
    }

    public FoundPost(String platform, String platformId, String url, Author author, String title, String text,
                     String languageHint, Instant publishedAt, List<MediaRef> media, GeoPoint geo) {
        this(platform, platformId, url, author, title, text, languageHint, publishedAt, media, geo, null);
    }

    public FoundPost withRaw(RawItem item) {
        return new FoundPost(platform, platformId, url, author, title, text, languageHint, publishedAt, media, geo, item);
    }
}
