package org.evidencepipeline.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The provenance of one page capture ({@code kind: page}), in the same family as the media {@link ProvenanceRecord}
 * and the {@link PostProvenance}: which page, loaded by what browser through what proxy, when, what it redirected
 * through, what it refused, and the SHA-256 of every artifact, each hashed before storage. Stored as JSON in the archive
 * bucket and published inside {@link PageArchived}. Every field states something that happened; what the capture could
 * not observe is null, never guessed.
 *
 * @param captureId    UUID derived from the post id, version and page URL ({@link #idFor}), so a replay finds it
 * @param pageUrl      the URL as requested
 * @param finalUrl     the URL of the document the browser showed, after redirects
 * @param redirects    every hop the main document went through, in order, excluding {@code pageUrl}
 * @param document     the main document's response as the proxy received it
 * @param browser      the browser that rendered it, and how
 * @param proxy        the recording proxy every request went through
 * @param startedAt    when the capture began (before navigation)
 * @param loadedAt     when the page's load event fired
 * @param endedAt      when the last artifact was taken
 * @param screenshot   the full-page picture's size
 * @param artifacts    each stored artifact with its role, key, SHA-256 and size
 * @param refused      requests of the page load the address policy (or a cap) refused, recorded also in the WARC
 * @param prov         the same facts as W3C PROV terms
 */
public record PageProvenance(
        int schemaVersion,
        String kind,
        String captureId,
        String postId,
        int postVersion,
        String platform,
        List<String> collectionIds,
        String pageUrl,
        String finalUrl,
        List<String> redirects,
        Document document,
        Browser browser,
        Proxy proxy,
        Instant startedAt,
        Instant loadedAt,
        Instant endedAt,
        Screenshot screenshot,
        List<PageArtifact> artifacts,
        List<RefusedRequest> refused,
        String bucket,
        KafkaCoordinates input,
        ToolInfo capturer,
        String traceId,
        Prov prov) {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "page";

    public PageProvenance {
        Objects.requireNonNull(captureId, "captureId");
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(pageUrl, "pageUrl");
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("a page provenance record has kind " + KIND + ", not " + kind);
        }
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
        redirects = redirects == null ? List.of() : List.copyOf(redirects);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        refused = refused == null ? List.of() : List.copyOf(refused);
    }

    /** The capture id of a post version's page: the same post, version and URL always give the same id. */
    public static String idFor(String postId, int postVersion, String pageUrl) {
        return UUID.nameUUIDFromBytes(("page-capture\u0000" + postId + '\u0000' + postVersion + '\u0000' + pageUrl)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The artifact of a role, if the capture has one. */
    public java.util.Optional<PageArtifact> artifact(String role) {
        return artifacts.stream().filter(a -> a.role().equals(role)).findFirst();
    }

    /**
     * The main document's response.
     *
     * @param resolvedAddress the IP the proxy connected to
     * @param tlsPeerCertificateSha256 the origin's certificate chain, leaf first, when https (as the proxy saw it, not
     *                        the per-run certificate the browser was shown)
     * @param warcRecordId    the WARC response record holding it
     */
    public record Document(int httpStatus, String contentType, String resolvedAddress, List<String> tlsPeerCertificateSha256,
                           String warcRecordId) {
        public Document {
            tlsPeerCertificateSha256 = tlsPeerCertificateSha256 == null ? List.of() : List.copyOf(tlsPeerCertificateSha256);
        }
    }

    /**
     * @param name     e.g. {@code Chromium}
     * @param version  as the browser reports it, e.g. {@code 156.0.8078.114}
     * @param driver   the driver and its version, e.g. {@code chromedriver 156.0.8078.114}
     * @param sandboxed whether the browser's sandbox was on (it always is; recorded so a reader need not assume it)
     */
    public record Browser(String name, String version, String driver, String userAgent, int viewportWidth, int viewportHeight,
                          double deviceScaleFactor, boolean sandboxed) {
    }

    /**
     * @param name                 the proxy and its version
     * @param caCertificateSha256  the per-run CA the browser alone trusted for this capture (the only certificate it was
     *                             told to accept besides the public roots)
     * @param requests             requests the page load made through it
     * @param refusedRequests      how many of them were refused
     */
    public record Proxy(String name, String caCertificateSha256, int requests, int refusedRequests) {
    }

    /**
     * @param fullHeight the page's full height in CSS pixels
     * @param truncated  true when the page was taller than the cap and the picture shows only its top
     */
    public record Screenshot(int width, int height, int fullHeight, boolean truncated) {
    }

    /** One request of the page load that was not let through, and why. */
    public record RefusedRequest(String url, String reason, Instant at) {
    }

    /**
     * PROV view: this capture (activity), associated with the capturer (agent), generated every artifact (entities,
     * {@code urn:sha256:}), derived from the page at {@code wasDerivedFrom} (the final URL).
     */
    public record Prov(String activity, String agent, String wasDerivedFrom, List<String> generated) {
        public Prov {
            generated = generated == null ? List.of() : List.copyOf(generated);
        }

        public static Prov of(String captureId, ToolInfo capturer, String finalUrl, List<PageArtifact> artifacts) {
            return new Prov("urn:uuid:" + captureId, "urn:tool:" + capturer.name() + ":" + capturer.version(), finalUrl,
                    artifacts.stream().map(a -> "urn:sha256:" + a.sha256()).toList());
        }
    }
}
