package org.evidencepipeline.storer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Storer settings; defaults and meaning documented in application.properties. */
@ConfigMapping(prefix = "storer")
public interface StorerConfig {
    S3 s3();

    Download download();

    Timestamp timestamp();

    Image image();

    Capture capture();

    Ledger ledger();

    /** The custody ledger's writer (module ledger, {@code LedgerAppender}): one Merkle tree per partition of ledger.entries.v1. */
    interface Ledger {
        /** Run the ledger writer in this storer (Kafka group storer-ledger: one writer per partition across instances). */
        @WithDefault("true")
        boolean enabled();

        /** The log's name; each shard's checkpoints carry the origin line {@code <origin>/<shard>}. */
        @WithDefault("evidence-pipeline.local/ledger")
        String origin();

        /**
         * File holding the note signer key {@code PRIVATE+KEY+<name>+<hash>+<base64>} (a mounted Secret; never logged).
         * Unset: the tree is kept but no checkpoint is signed. Required by the prod profile.
         */
        Optional<String> signerKeyFile();

        /** Verifier key {@code <name>+<hash>+<base64>} checkpoints are verified with; unset: derived from the signer key. */
        Optional<String> verifierKey();

        /** A checkpoint once this many entries have come since the last one ... */
        @WithDefault("256")
        int checkpointEvery();

        /** ... or once this long has passed since it, whichever is first (only when the tree grew). */
        @WithDefault("10s")
        Duration checkpointInterval();

        /** Records of ledger.entries.v1 per append (max.poll.records). */
        @WithDefault("1000")
        int batchMax();

        /** How many recent leaves a repeated entry (a replayed publish) is recognised among and left out. */
        @WithDefault("65536")
        int dedupWindow();
    }

    /** Bounds on decoding a captured image for its perceptual hash (decode bombs). */
    interface Image {
        /** Widest declared image that is decoded; wider ones are stored without a perceptual hash. */
        @WithDefault("32768")
        int maxWidth();

        /** Tallest declared image that is decoded. */
        @WithDefault("32768")
        int maxHeight();

        /** Most declared pixels decoded (decode time: the decoder walks every row even when subsampling). */
        @WithDefault("100000000")
        long maxPixels();

        /** Largest estimated memory of one subsampled decode, heap and native (progressive JPEG) together. */
        @WithDefault("134217728")
        long maxDecodeBytes();
    }

    /** How much of one post's media is captured, and for how long. */
    interface Capture {
        /** Media captured per post; the rest are recorded as skipped. */
        @WithDefault("20")
        int maxMediaPerPost();

        /** Time all of a post's captures may take together; items left when it is spent are skipped. */
        @WithDefault("180s")
        Duration postBudget();
    }

    interface Timestamp {
        /** RFC 3161 time-stamping authority; when set, every provenance record's SHA-256 is time-stamped. */
        Optional<String> tsaUrl();

        @WithDefault("15s")
        Duration timeout();

        /**
         * Also time-stamp each provenance record (one TSA request per capture, as before the ledger). Off: the TSA is
         * asked once per ledger checkpoint, which covers every record in it.
         */
        @WithDefault("false")
        boolean perRecord();

        /** PEM file of the pinned TSA certificate(s): tokens are checked against these, never what a token embeds. */
        Optional<String> tsaCertificateFile();
    }

    interface S3 {
        /** S3-compatible endpoint URL (env STORER_S3_ENDPOINT). */
        String endpoint();

        /** Access key (env STORER_S3_ACCESS_KEY; from a Secret in Kubernetes). */
        String accessKey();

        /** Secret key (env STORER_S3_SECRET_KEY; from a Secret in Kubernetes). */
        String secretKey();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("evidence-archive")
        String bucket();

        /** How long to keep retrying while the archive is unreachable before dead-lettering the post. */
        @WithDefault("10m")
        Duration retryFor();

        /**
         * S3 Object Lock retention for evidence objects (content, provenance, WARC, time-stamps, posts), e.g.
         * {@code P3650D}. Applied only where the bucket has Object Lock enabled (a new bucket is created with it).
         */
        Optional<Duration> retention();

        /** COMPLIANCE (nobody can shorten it) or GOVERNANCE (privileged users can). */
        @WithDefault("COMPLIANCE")
        String retentionMode();

        /** Longest pause between two retries. */
        @WithDefault("30s")
        Duration maxRetryDelay();
    }

    interface Download {
        @WithDefault("52428800")
        long maxBytes();

        @WithDefault("10s")
        Duration connectTimeout();

        /** Longest silence between two reads of a body (slowloris guard). */
        @WithDefault("20s")
        Duration readTimeout();

        /** Longest a whole download may take, redirects included. */
        @WithDefault("120s")
        Duration totalTimeout();

        @WithDefault("5")
        int maxRedirects();

        @WithDefault("evidence-pipeline-storer/0.1 (+https://github.com/evidence-pipeline; public-interest archiving)")
        String userAgent();

        /**
         * Networks the downloader may reach despite being private/loopback (e.g. {@code 127.0.0.0/8} for a
         * local demo). Empty in production: every internal address is refused.
         */
        Optional<List<String>> allowCidrs();

        /** Where bodies are streamed while being hashed, before upload. */
        Optional<String> tempDir();
    }
}
