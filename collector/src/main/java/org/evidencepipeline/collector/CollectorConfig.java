package org.evidencepipeline.collector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Collector settings; defaults and their meaning are documented in application.properties. */
@ConfigMapping(prefix = "collector")
public interface CollectorConfig {

    /** YAML file declaring the collections to watch; none means start with no collections. */
    Optional<String> collectionsFile();

    /** Whether sources are polled on their schedule (tests switch it off and run sources by hand). */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** Delay before the first poll after start-up. */
    @WithDefault("2s")
    Duration initialDelay();

    /** How long a source may keep failing before health reports it DOWN. */
    @WithDefault("15m")
    Duration sourceFailingAfter();

    Http http();

    Cursor cursor();

    interface Http {
        /** Sent with every request so site operators can see who is polling and how to reach us. */
        @WithDefault("evidence-pipeline-collector/0.1 (+https://github.com/evidence-pipeline; public-interest archiving)")
        String userAgent();

        @WithDefault("10s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration requestTimeout();

        /** Feed bodies larger than this are refused (protects the heap from hostile feeds). */
        @WithDefault("10485760")
        long maxBodyBytes();

        /** Minimum spacing between two requests to the same host. */
        @WithDefault("1s")
        Duration minIntervalPerHost();

        /** Longest back-off after 429/503 when the server gives no usable Retry-After. */
        @WithDefault("15m")
        Duration maxBackoff();
    }

    interface Cursor {
        /** Compacted topic holding one cursor record per source. */
        @WithDefault("collector.cursors.v1")
        String topic();

        /** How many recent post ids (with content hashes) a cursor remembers per source for dedup and edit detection. */
        @WithDefault("5000")
        int rememberedPosts();
    }
}
