package org.evidencepipeline.capturer;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Capturer settings; defaults and meaning documented in application.properties. */
@ConfigMapping(prefix = "capturer")
public interface CapturerConfig {
    S3 s3();

    Browser browser();

    Proxy proxy();

    Timestamp timestamp();

    Video video();

    /** Browser profiles, proxy spool files and WARCs while a page is captured (default: java.io.tmpdir/capturer). */
    Optional<String> workDir();

    interface S3 {
        /** S3-compatible endpoint URL (env CAPTURER_S3_ENDPOINT). */
        String endpoint();

        /** Access key (env CAPTURER_S3_ACCESS_KEY; from a Secret in Kubernetes). */
        String accessKey();

        /** Secret key (env CAPTURER_S3_SECRET_KEY; from a Secret in Kubernetes). */
        String secretKey();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("evidence-archive")
        String bucket();

        /** How long to keep retrying while the archive is unreachable before dead-lettering the request. */
        @WithDefault("10m")
        Duration retryFor();

        /** Longest pause between two retries. */
        @WithDefault("30s")
        Duration maxRetryDelay();

        /** S3 Object Lock retention of evidence objects (e.g. P3650D), where the bucket has Object Lock. */
        Optional<Duration> retention();

        /** COMPLIANCE or GOVERNANCE. */
        @WithDefault("COMPLIANCE")
        String retentionMode();
    }

    interface Browser {
        /** Chromium binary; unset: chromium, chromium-browser or google-chrome on PATH. */
        Optional<String> chromium();

        /** chromedriver binary; unset: chromedriver on PATH. */
        Optional<String> chromedriver();

        @WithDefault("1280")
        int viewportWidth();

        @WithDefault("800")
        int viewportHeight();

        @WithDefault("16384")
        int maxScreenshotHeight();

        /** After the load event, how long scripts may still change the page. */
        @WithDefault("1s")
        Duration settle();

        /** One total deadline per page: navigation, load, settle, DOM and screenshot. */
        @WithDefault("60s")
        Duration pageDeadline();

        @WithDefault("25")
        int restartAfterPages();

        /** Resident memory of the browser's whole process tree. */
        @WithDefault("1536M")
        MemorySize memoryCap();

        /** When the capturer runs as root, the browser runs as this user so its sandbox stays on. */
        @WithDefault("nobody")
        Optional<String> runAsUser();
    }

    interface Proxy {
        @WithDefault("10s")
        Duration connectTimeout();

        @WithDefault("20s")
        Duration readTimeout();

        /** One response body. */
        @WithDefault("52428800")
        long maxResponseBytes();

        /** All bodies of one page load together. */
        @WithDefault("209715200")
        long maxPageBytes();

        /** Requests of one page load. */
        @WithDefault("1500")
        int maxRequests();

        /** Internal networks the proxy may reach anyway (CIDRs). Empty in production. */
        Optional<List<String>> allowCidrs();
    }

    interface Timestamp {
        /** RFC 3161 time-stamping authority; with per-record, each page and video provenance record's SHA-256 is time-stamped. */
        Optional<String> tsaUrl();

        /**
         * Time-stamp each provenance record (one TSA request per capture, as before the custody ledger). Off: the
         * storer's ledger checkpoints, which cover these records' entries, are the time-stamps.
         */
        @WithDefault("false")
        boolean perRecord();

        @WithDefault("15s")
        Duration timeout();
    }

    /** Video streams (HLS, DASH, pages only yt-dlp reads): caps per stream, the variant rule, the external tools. */
    interface Video {
        @WithDefault("true")
        boolean enabled();

        /** All parts of one stream together. */
        @WithDefault("2147483648")
        long maxBytes();

        /** The stream's stated duration; over it no segment is fetched. */
        @WithDefault("3h")
        Duration maxDuration();

        @WithDefault("5000")
        int maxSegments();

        /** Fetching all parts of one stream. */
        @WithDefault("10m")
        Duration wallTime();

        /** One part. */
        @WithDefault("2m")
        Duration partTimeout();

        /** Variant rule: the highest bandwidth at most this tall (0: no limit). */
        @WithDefault("1080")
        int maxHeight();

        /** ffmpeg binary; unset: ffmpeg on PATH. */
        Optional<String> ffmpeg();

        @WithDefault("5m")
        Duration muxDeadline();

        /** yt-dlp binary; unset: yt-dlp on PATH. */
        Optional<String> ytDlp();

        @WithDefault("10m")
        Duration ytDlpDeadline();

        @WithDefault("bv*[height<=1080]+ba/b[height<=1080]/b")
        String ytDlpFormat();
    }
}
