package org.evidencepipeline.collector.source;

import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.GeoPoint;
import org.evidencepipeline.contracts.MediaRef;

import java.time.Instant;
import java.util.List;

/** A post as an adapter read it from a platform, before versioning and collection tagging. */
public record FoundPost(String platform, String platformId, String url, Author author, String title, String text,
                        String languageHint, Instant publishedAt, List<MediaRef> media, GeoPoint geo) {
    public FoundPost {
        media = media == null ? List.of() : List.copyOf(media);
    }
}
