package org.evidencepipeline.storer;

import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.ToolInfo;

import java.time.Instant;
import java.util.List;

/** Enriched posts as the enricher publishes them, for the storer's tests. */
public final class TestPosts {
    private TestPosts() {
    }

    public static PostEnriched post(String id, String collection, List<MediaRef> media) {
        PostCollected collected = new PostCollected(1, "rss:" + id, "rss", id, 1, "src", List.of(collection),
                "https://news.example.org/" + id, new Author(null, "Редакція", null), "Вибухи", "Вранці у Харкові пролунали вибухи",
                "uk", Instant.parse("2026-11-20T06:15:00Z"), Instant.parse("2026-11-20T06:16:00Z"), media, null,
                "0".repeat(64), new ToolInfo("collector", "t", "x"));
        return new PostEnriched(1, collected, new LanguageTag("uk", 0.9, "ru", "uk", "lingua"), List.of(), List.of(), List.of(), java.util.Map.of(),
                "1".repeat(64), "00000000000000ff", Instant.parse("2026-11-20T06:16:01Z"), new ToolInfo("enricher", "t", "y"));
    }

    /** The same post as the collector publishes it when it preserved the fetch: naming its raw item. */
    public static PostEnriched withSource(PostEnriched e, SourceEvidence source) {
        return new PostEnriched(e.schemaVersion(), e.post().withSource(source), e.language(), e.hashtags(), e.mentions(), e.links(),
                e.expandedLinks(), e.textSha256(), e.simhash(), e.enrichedAt(), e.enricher());
    }
}
