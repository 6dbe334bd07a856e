package org.evidencepipeline.enricher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/** Enricher settings; defaults and meaning documented in application.properties. */
@ConfigMapping(prefix = "enricher")
public interface EnricherConfig {
    Language language();

    Feeds feeds();

    Links links();

    interface Links {
        /** Resolve links on the shortener hosts below to where they point (HEAD request, redirect read, target never fetched). */
        @WithDefault("true")
        boolean expand();

        @WithDefault("t.co,bit.ly,tinyurl.com,goo.gl,ow.ly,buff.ly,is.gd,t.ly,cutt.ly,rb.gy,lnkd.in,shorturl.at,tiny.cc,s.id,clck.ru,u.to,vk.cc,trib.al,dlvr.it")
        Set<String> shorteners();

        @WithDefault("3s")
        Duration timeout();

        @WithDefault("evidence-pipeline-enricher/0.1 (+https://github.com/evidence-pipeline; public-interest archiving)")
        String userAgent();

        /**
         * Internal networks link expansion may reach despite the address policy (every hop's addresses are vetted),
         * e.g. {@code 127.0.0.0/8} to replay shorteners on this machine. Empty in production.
         */
        Optional<List<String>> allowCidrs();
    }

    interface Feeds {
        /** Route each enriched post to the topic feed of every collection that caught it. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Per collection, the languages that get a feed of their own ({@code feeds.<collection>.<lang>.v1}),
         * e.g. {@code enricher.feeds.languages.kharkiv-watch=uk,ru}.
         */
        Map<String, List<String>> languages();

        /** Bounds of the SSE endpoint {@code GET /feeds/{collection}/stream}: each open stream holds a thread and a Kafka consumer. */
        Stream stream();
    }

    interface Stream {
        /** Open streams per instance; one more is answered 503 with Retry-After. */
        @WithDefault("32")
        int maxStreams();

        /** Open streams per client address; one more is answered 429 with Retry-After. */
        @WithDefault("4")
        int maxStreamsPerClient();

        /** What Retry-After says when a stream is refused. */
        @WithDefault("10s")
        Duration retryAfter();
    }

    interface Language {
        /**
         * ISO 639-1 codes the tagger knows: the wide pass (Lingua low-accuracy, about 1 MB of heap each) chooses
         * among all of them. Languages of the region that no feed routes on are here too, so that their posts get
         * their own tag instead of the nearest routed language's.
         */
        @WithDefault("uk,ru,be,en,ar,fr,de,es,pl,tr,fa,kk,bg,sr,mk,ro,hu,lt,lv,et,ka,hy,az,he,hr,bs,mn")
        List<String> codes();

        /**
         * The confusable languages that get Lingua's high-accuracy models (about 25 MB of heap each): when the wide
         * pass's two best are both here and less than {@link #preciseWindow()} apart, these decide.
         */
        @WithDefault("uk,ru,be,bg,mk,sr,kk")
        List<String> precise();

        /** The wide pass's lead below which the precise pass is asked. */
        @WithDefault("0.6")
        double preciseWindow();

        /**
         * The detectors read at most this many characters of the cleaned text (cut at a word), so a long post costs
         * what a paragraph costs. At least 120.
         */
        @WithDefault("400")
        int maxChars();

        /** Texts with fewer words than this (after stripping links, mentions, hashtags, emoji) are {@code und}. */
        @WithDefault("3")
        int minWords();

        /**
         * When the best language is ahead of the runner-up by less than this (in Lingua's relative scores),
         * the answer is {@code und}, unless the pair has its own margin in {@link #pairMargins()}. The lead is
         * also the confidence recorded with each tag.
         */
        @WithDefault("0.1")
        double minMargin();

        /** Margins of their own for confusable pairs, keyed {@code a-b} in either order, e.g. {@code ru-uk=0.2}. */
        Map<String, Double> pairMargins();

        /** The platform's own language tag wins when its confidence is within this much of the best. */
        @WithDefault("0.2")
        double hintWindow();
    }
}
