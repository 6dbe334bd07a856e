package org.evidencepipeline.enricher;

import org.evidencepipeline.contracts.Hashes;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.enricher.language.LanguageTagger;
import org.evidencepipeline.enricher.language.Margins;
import org.evidencepipeline.enricher.feeds.FeedRouter;
import org.evidencepipeline.enricher.pipeline.Enricher;
import org.evidencepipeline.enricher.metadata.LinkExpander;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/** Wires the enricher's plain classes. The language models load once, here, at start-up. */
public class EnricherBeans {
    private static final Logger LOG = Logger.getLogger(EnricherBeans.class);

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    LanguageTagger tagger(EnricherConfig config) {
        long start = System.nanoTime();
        EnricherConfig.Language l = config.language();
        LanguageTagger tagger = new LanguageTagger(l.codes(), l.precise(), rules(l));
        LOG.infof("language models loaded in %d ms: wide pass over %s, precise pass over %s", (System.nanoTime() - start) / 1_000_000,
                tagger.codes(), tagger.preciseCodes());
        return tagger;
    }

    static LanguageTagger.Rules rules(EnricherConfig.Language l) {
        return new LanguageTagger.Rules(l.minWords(), new Margins(l.minMargin(), l.pairMargins()), l.hintWindow(), l.preciseWindow(),
                l.maxChars());
    }

    @Produces
    @Singleton
    ToolInfo tool(EnricherConfig config, @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        EnricherConfig.Language l = config.language();
        String settings = l.codes() + "|" + l.precise() + "|" + l.preciseWindow() + "|" + l.maxChars() + "|" + l.minWords() + "|"
                + l.minMargin() + "|" + new java.util.TreeMap<>(l.pairMargins()) + "|" + l.hintWindow();
        return new ToolInfo("enricher", version + "/" + LanguageTagger.DETECTOR, Hashes.sha256Hex(settings).substring(0, 16));
    }

    @Produces
    @Singleton
    FeedRouter router(EnricherConfig config) {
        return new FeedRouter(config.feeds().enabled(), config.feeds().languages());
    }

    @Produces
    @Singleton
    Enricher enricher(LanguageTagger tagger, EnricherConfig config, ToolInfo tool, Clock clock) {
        EnricherConfig.Links l = config.links();
        AddressPolicy policy = AddressPolicy.allowing(l.allowCidrs().orElse(List.of()));
        if (l.expand() && !policy.allowed().isEmpty()) {
            LOG.warnf("link expansion may reach internal networks %s (enricher.links.allow-cidrs)", policy.allowed());
        }
        LinkExpander links = l.expand()
                ? new LinkExpander(l.shorteners(), l.timeout(), l.userAgent(), 10_000, new VettedResolver(policy))
                : LinkExpander.DISABLED;
        return new Enricher(tagger, links, tool, clock);
    }
}
