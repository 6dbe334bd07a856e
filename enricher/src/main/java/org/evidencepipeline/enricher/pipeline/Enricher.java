package org.evidencepipeline.enricher.pipeline;

import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.enricher.language.LanguageTagger;
import org.evidencepipeline.enricher.metadata.LinkExpander;
import org.evidencepipeline.enricher.metadata.TextFeatures;

import java.time.Clock;
import java.util.List;

/** Turns a collected post into an enriched one. Pure apart from the clock; thread-safe. */
public final class Enricher {
    private final LanguageTagger tagger;
    private final LinkExpander links;
    private final ToolInfo tool;
    private final Clock clock;

    public Enricher(LanguageTagger tagger, LinkExpander links, ToolInfo tool, Clock clock) {
        this.tagger = tagger;
        this.links = links;
        this.tool = tool;
        this.clock = clock;
    }

    /** Without link expansion (benchmarks, tests). */
    public Enricher(LanguageTagger tagger, ToolInfo tool, Clock clock) {
        this(tagger, LinkExpander.DISABLED, tool, clock);
    }

    public PostEnriched enrich(PostCollected post) {
        String title = post.title() == null ? "" : post.title();
        String body = post.text() == null ? "" : post.text();
        // Title and text together are what a reader sees; for feeds the title alone is often the post.
        String all = body.startsWith(title) ? body : (title + "\n" + body).strip();
        LanguageTag language = tagger.tag(all, post.languageHint());
        List<String> found = TextFeatures.links(all);
        return new PostEnriched(PostEnriched.SCHEMA_VERSION, post, language,
                TextFeatures.hashtags(all), TextFeatures.mentions(all), found, links.expand(found),
                TextFeatures.sha256(body), TextFeatures.simhash(all), clock.instant(), tool);
    }
}
