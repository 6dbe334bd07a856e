package org.evidencepipeline.enricher.pipeline;

import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.enricher.language.LanguageTagger;
import org.evidencepipeline.enricher.metadata.TextFeatures;

import java.time.Clock;

/** Turns a collected post into an enriched one. Pure apart from the clock; thread-safe. */
public final class Enricher {
    private final LanguageTagger tagger;
    private final ToolInfo tool;
    private final Clock clock;

    public Enricher(LanguageTagger tagger, ToolInfo tool, Clock clock) {
        this.tagger = tagger;
        this.tool = tool;
        this.clock = clock;
    }

    public PostEnriched enrich(PostCollected post) {
        String title = post.title() == null ? "" : post.title();
        String body = post.text() == null ? "" : post.text();
        // Title and text together are what a reader sees; for feeds the title alone is often the post.
        String all = body.startsWith(title) ? body : (title + "\n" + body).strip();
        LanguageTag language = tagger.tag(all, post.languageHint());
        return new PostEnriched(PostEnriched.SCHEMA_VERSION, post, language,
                TextFeatures.hashtags(all), TextFeatures.mentions(all), TextFeatures.links(all),
                TextFeatures.sha256(body), TextFeatures.simhash(all), clock.instant(), tool);
    }
}
