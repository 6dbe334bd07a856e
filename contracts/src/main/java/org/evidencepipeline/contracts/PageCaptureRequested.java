package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request to capture the page of one post version in a browser, published by the collector to
 * {@link Topics#PAGES_REQUESTED} keyed by {@link #postId()} beside the post itself (never instead of it), for the
 * collections whose {@code capture.pages} is on. The page's record joins the post's evidence by post id and version.
 *
 * @param pageUrl              the post's own page on the platform (Telegram t.me/…, Mastodon status URL, Reddit
 *                             permalink, bsky.app post URL, the RSS item link, the YouTube watch page)
 * @param hostPagesPerMinute   the politest per-host page rate of the collections that caught the post
 * @param requester            the collecting tool, its version and config hash
 */
public record PageCaptureRequested(
        int schemaVersion,
        String postId,
        int postVersion,
        String platform,
        String pageUrl,
        List<String> collectionIds,
        int hostPagesPerMinute,
        Instant requestedAt,
        ToolInfo requester) {

    public static final int SCHEMA_VERSION = 1;

    public PageCaptureRequested {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(pageUrl, "pageUrl");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (postVersion < 1) {
            throw new IllegalArgumentException("postVersion starts at 1 but was " + postVersion);
        }
        if (hostPagesPerMinute < 1) {
            throw new IllegalArgumentException("hostPagesPerMinute must be at least 1 but was " + hostPagesPerMinute);
        }
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
    }

    /** The capture id of this request: the same post version and page URL always give the same id, so a replay finds it. */
    public String captureId() {
        return PageProvenance.idFor(postId, postVersion, pageUrl);
    }
}
