package org.evidencepipeline.contracts;

import java.util.Objects;

/**
 * A media item attached to a post, as found in the source: the URL to fetch, the type the source
 * declared (e.g. {@code image/jpeg} or {@code image}), and an optional platform reference such as a
 * Bluesky blob CID kept for provenance.
 */
public record MediaRef(String url, String declaredType, String platformRef) {
    public MediaRef {
        Objects.requireNonNull(url, "url");
    }
}
