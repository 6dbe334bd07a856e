package org.evidencepipeline.enricher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** Enricher settings; defaults and meaning documented in application.properties. */
@ConfigMapping(prefix = "enricher")
public interface EnricherConfig {
    Language language();

    interface Language {
        /** ISO 639-1 codes the detector chooses among. Fewer languages: less heap, fewer confusions. */
        @WithDefault("uk,ru,be,en,ar,fr,de,es,pl,tr,fa")
        List<String> codes();

        /** Texts with fewer words than this (after stripping links, mentions, hashtags, emoji) are {@code und}. */
        @WithDefault("3")
        int minWords();

        /** Below this confidence for the best language, the answer is {@code und}. */
        @WithDefault("0.5")
        double minConfidence();

        /** When the best two languages are closer than this, the answer is {@code und}. */
        @WithDefault("0.15")
        double minMargin();

        /** The platform's own language tag wins when its confidence is within this much of the best. */
        @WithDefault("0.2")
        double hintWindow();
    }
}
