package org.evidencepipeline.collector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
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

    /**
     * Sources polled at once, at most; a due poll past it waits for a slot. The collector's heap must hold this many
     * polls' caps (see {@code run.PollSlots}).
     */
    @WithDefault("4")
    int maxConcurrentPolls();

    /** How long a source may keep failing before health reports it DOWN. */
    @WithDefault("15m")
    Duration sourceFailingAfter();

    /**
     * Directory a source's {@code token-file} param names a file in (e.g. a mounted Secret). Tokens come only from
     * here or from {@code COLLECTOR_TOKEN_*} environment variables.
     */
    @WithDefault("/etc/collector/secrets")
    String secretsDir();

    Http http();

    Cursor cursor();

    Jetstream jetstream();

    Evidence evidence();

    /** Where the collector preserves each fetch that yields a new post version (its WARC), before publishing it. */
    interface Evidence {
        /**
         * {@code s3}: in the archive bucket under {@code fetches/} (the default); {@code none}: nowhere, and posts carry
         * no source evidence (for tests of other things; a warning is logged at start).
         */
        @WithDefault("s3")
        String store();

        /** S3-compatible endpoint URL (env COLLECTOR_EVIDENCE_ENDPOINT), the storer's archive. */
        Optional<String> endpoint();

        /** Access key (env COLLECTOR_EVIDENCE_ACCESS_KEY; from a Secret in Kubernetes). */
        Optional<String> accessKey();

        /** Secret key (env COLLECTOR_EVIDENCE_SECRET_KEY; from a Secret in Kubernetes). */
        Optional<String> secretKey();

        @WithDefault("us-east-1")
        String region();

        /** The archive bucket: the storer's {@code storer.s3.bucket}. */
        @WithDefault("evidence-archive")
        String bucket();

        /** S3 Object Lock retention for fetch WARCs, as the storer's {@code storer.s3.retention}; set both alike. */
        Optional<Duration> retention();

        @WithDefault("COMPLIANCE")
        String retentionMode();
    }

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

        /**
         * Internal networks every collector fetch (feeds, APIs, redirect hops, Jetstream) may reach despite the
         * address policy, e.g. {@code 127.0.0.0/8} to replay from this machine. Empty in production.
         */
        Optional<List<String>> allowCidrs();

        /** Redirects followed (each hop vetted) before a fetch fails. */
        @WithDefault("5")
        int maxRedirects();

        /** Whether a source's token may be sent over plain http (tests replaying on loopback); never in production. */
        @WithDefault("false")
        boolean allowPlainHttpTokens();
    }

    interface Jetstream {
        /** A Jetstream message larger than this (UTF-8 bytes) is counted and dead-lettered with size and hash, never held whole. */
        @WithDefault("1048576")
        long maxFrameBytes();

        /** Messages waiting for the reader at most; beyond that the socket is not read (back-pressure), nothing is dropped. */
        @WithDefault("64")
        int maxQueuedFrames();

        /**
         * UTF-8 bytes of frames one listening window holds at most (they are kept until the window is preserved as WARC):
         * past this the window closes early and the next poll continues from the cursor.
         */
        @WithDefault("33554432")
        long maxWindowBytes();

        /** Whether plain ws:// endpoints are accepted (tests on loopback); wss:// is required otherwise. */
        @WithDefault("false")
        boolean allowInsecureWebsocket();
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
