package org.evidencepipeline.capturer.capture;

import org.evidencepipeline.addresspolicy.RefusedAddressException;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.contracts.PageCaptureOutcome;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The page URL's check before anything is loaded: http or https with a host the shared address policy lets through.
 * The proxy vets every request again (the page's own, redirects, subresources); this only keeps a browser from being
 * started for a page that cannot be allowed.
 */
public final class UrlCheck {
    private final VettedResolver resolver;

    public UrlCheck(VettedResolver resolver) {
        this.resolver = resolver;
    }

    /** The outcome that ends the request here (Refused, or Failed for a host that does not resolve), else empty. */
    public Optional<PageCaptureOutcome> check(String pageUrl, String captureId) {
        URI uri;
        try {
            uri = new URI(pageUrl);
        } catch (java.net.URISyntaxException e) {
            return refused(pageUrl, "not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return refused(pageUrl, "only http and https pages are captured, not " + (scheme.isEmpty() ? "a relative URL" : scheme + ":"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return refused(pageUrl, "URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in a URL would be sent to the origin and land in the WARC and provenance.
            return refused(pageUrl, "URL carries user info (credentials)");
        }
        try {
            resolver.lookup(uri.getHost());
            return Optional.empty();
        } catch (RefusedAddressException e) {
            return refused(pageUrl, e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of(new PageCaptureOutcome.Failed(pageUrl, captureId, "host " + uri.getHost() + " does not resolve"));
        }
    }

    private static Optional<PageCaptureOutcome> refused(String pageUrl, String reason) {
        return Optional.of(new PageCaptureOutcome.Refused(pageUrl, reason));
    }
}
