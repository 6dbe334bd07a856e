package org.evidencepipeline.collector.page;

import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.PageCapture;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which new post versions ask the capturer for their page: those whose {@code url} is an absolute http(s) URL, caught
 * by at least one collection with {@code capture.pages} on. The request names only those collections and carries the
 * lowest of their per-host rates, so the politest collection sets the pace.
 */
public final class PageRequests {
    private final ToolInfo tool;
    private final Clock clock;

    public PageRequests(ToolInfo tool, Clock clock) {
        this.tool = tool;
        this.clock = clock;
    }

    /** The request for this post version's page, or empty when none is due. */
    public Optional<PageCaptureRequested> forPost(PostCollected post, List<Collection> caught) {
        if (!isWebPage(post.url())) {
            return Optional.empty();
        }
        List<Collection> wanting = caught.stream().filter(c -> c.capture().pages()).toList();
        if (wanting.isEmpty()) {
            return Optional.empty();
        }
        int rate = wanting.stream().map(Collection::capture).mapToInt(PageCapture::hostPagesPerMinute).min().getAsInt();
        return Optional.of(new PageCaptureRequested(PageCaptureRequested.SCHEMA_VERSION, post.postId(), post.version(),
                post.platform(), post.url(), wanting.stream().map(Collection::id).toList(), rate, clock.instant(), tool));
    }

    /** Absolute http(s) with a host: anything else (a relative link, at://, mailto:) is no page a browser should open. */
    static boolean isWebPage(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
