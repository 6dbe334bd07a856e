package org.evidencepipeline.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The provenance of one video stream capture ({@code kind: video}), in the family of {@link PageProvenance}: which
 * stream, which variant was chosen and why, every part fetched in order with its URL and SHA-256 (each hashed while it
 * streamed, before storage), their sum in bytes and duration, whether the capture is whole, the playable file derived
 * from the parts (never instead of them) and the exact ffmpeg or yt-dlp that ran. What was not observed is null.
 *
 * @param streamKind  {@link VideoCaptureRequested#HLS}, {@code DASH} or {@code SITE}
 * @param method      {@link #DIRECT} (the capturer fetched every part itself) or {@link #YT_DLP}
 * @param selection   the variant and renditions chosen, and the rule that chose them; null for yt-dlp
 * @param parts       every stored part, in order
 * @param complete    true only when every part the chosen variant lists is stored; false after a cap or a failure
 * @param incomplete  why not complete, else null
 * @param caps        the limits this capture ran under
 * @param muxed       the derived playable MP4 and how it was made, or null
 * @param muxNote     why no file was muxed (no ffmpeg, ffmpeg failed, capture incomplete), else null
 * @param ytDlp       the yt-dlp run, when {@code method} is yt-dlp
 * @param prov        the same facts as W3C PROV terms
 */
public record VideoProvenance(
        int schemaVersion,
        String kind,
        String captureId,
        String postId,
        int postVersion,
        String platform,
        List<String> collectionIds,
        String pageUrl,
        String streamUrl,
        String streamKind,
        String method,
        Selection selection,
        List<VideoPart> parts,
        Totals totals,
        boolean complete,
        Incomplete incomplete,
        Caps caps,
        Muxed muxed,
        String muxNote,
        YtDlp ytDlp,
        Instant startedAt,
        Instant endedAt,
        String bucket,
        KafkaCoordinates input,
        ToolInfo capturer,
        String traceId,
        Prov prov) {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "video";
    public static final String DIRECT = "direct";
    public static final String YT_DLP = "yt-dlp";

    public VideoProvenance {
        Objects.requireNonNull(captureId, "captureId");
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(streamUrl, "streamUrl");
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("a video provenance record has kind " + KIND + ", not " + kind);
        }
        if (complete && incomplete != null) {
            throw new IllegalArgumentException("a complete capture has no incomplete reason");
        }
        if (!complete && incomplete == null) {
            throw new IllegalArgumentException("an incomplete capture says why");
        }
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** The capture id of a post version's stream: the same post, version and URL always give the same id. */
    public static String idFor(String postId, int postVersion, String streamUrl) {
        return UUID.nameUUIDFromBytes(("video-capture\u0000" + postId + '\u0000' + postVersion + '\u0000' + streamUrl)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param rule       the configured choice, e.g. {@code highest-bandwidth, height <= 1080}
     * @param variantUrl the chosen variant's media playlist (HLS) or representation id (DASH)
     * @param bandwidth  its declared bits per second
     * @param resolution e.g. {@code 1280x720}, or null when not declared
     * @param codecs     as declared, or null
     * @param audio      the separate audio rendition or adaptation fetched with it, or null when muxed in the variant
     * @param subtitles  the subtitle renditions fetched with it
     * @param variantsOffered how many variants the master playlist or manifest offered
     */
    public record Selection(String rule, String variantUrl, long bandwidth, String resolution, String codecs, String audio,
                            List<String> subtitles, int variantsOffered) {
        public Selection {
            subtitles = subtitles == null ? List.of() : List.copyOf(subtitles);
        }
    }

    /** Sum over the stored parts: count, bytes, and the media duration (the chosen video track's segments). */
    public record Totals(int parts, long bytes, Double durationSeconds) {
    }

    /**
     * @param cap    {@code bytes}, {@code duration}, {@code segments}, {@code wall-time}, or {@code failure}
     * @param limit  the limit reached, as configured (e.g. {@code 2147483648}, {@code PT2H}), or null for a failure
     * @param reason in words, e.g. which part failed
     */
    public record Incomplete(String cap, String limit, String reason) {
    }

    public record Caps(long maxBytes, long maxDurationSeconds, int maxSegments, long wallTimeSeconds) {
    }

    /**
     * The derived playable file.
     *
     * @param ffmpegVersion  the first line of {@code ffmpeg -version}
     * @param commandLine    the exact arguments ffmpeg ran with (local part files, never a network URL)
     * @param wasDerivedFrom the SHA-256 of every part it was made from, in order
     * @param probe          what ffprobe (or ffmpeg) reported of the result: streams and duration, or null
     */
    public record Muxed(String objectKey, String sha256, long size, String contentType, Double durationSeconds,
                        String ffmpegVersion, List<String> commandLine, List<String> wasDerivedFrom, String probe) {
        public Muxed {
            commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
            wasDerivedFrom = wasDerivedFrom == null ? List.of() : List.copyOf(wasDerivedFrom);
        }
    }

    /**
     * @param version   {@code yt-dlp --version}
     * @param arguments the exact arguments it ran with (no secrets: none are ever passed)
     * @param exitCode  its exit status
     * @param proxy     the recording proxy it was confined to, and that proxy's per-run CA
     */
    public record YtDlp(String version, List<String> arguments, int exitCode, String proxy) {
        public YtDlp {
            arguments = arguments == null ? List.of() : List.copyOf(arguments);
        }
    }

    /**
     * PROV view: this capture (activity) by the capturer (agent) generated every part ({@code urn:sha256:}), derived
     * from the stream URL; the muxed file is a further entity derived from every part.
     */
    public record Prov(String activity, String agent, String wasDerivedFrom, List<String> generated, Derivation derived) {
        public Prov {
            generated = generated == null ? List.of() : List.copyOf(generated);
        }

        public static Prov of(String captureId, ToolInfo capturer, String streamUrl, List<VideoPart> parts, Muxed muxed) {
            return new Prov("urn:uuid:" + captureId, "urn:tool:" + capturer.name() + ":" + capturer.version(), streamUrl,
                    parts.stream().map(p -> "urn:sha256:" + p.sha256()).toList(),
                    muxed == null ? null : new Derivation("urn:sha256:" + muxed.sha256(), "urn:uuid:" + captureId + "/mux",
                            muxed.wasDerivedFrom().stream().map(h -> "urn:sha256:" + h).toList()));
        }
    }

    /** {@code entity prov:wasDerivedFrom each of wasDerivedFrom}, through {@code activity} (the ffmpeg run). */
    public record Derivation(String entity, String activity, List<String> wasDerivedFrom) {
        public Derivation {
            wasDerivedFrom = wasDerivedFrom == null ? List.of() : List.copyOf(wasDerivedFrom);
        }
    }
}
