package org.evidencepipeline.collector.source;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a query string in the order parameters are added, percent-encoding names and values, so the
 * requests an adapter makes are predictable (and testable) byte for byte.
 */
public final class Query {
    private final StringBuilder query = new StringBuilder();

    public Query add(String name, String value) {
        if (value == null) {
            return this;
        }
        query.append(query.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(encode(value));
        return this;
    }

    public Query add(String name, int value) {
        return add(name, Integer.toString(value));
    }

    /** RFC 3986 percent-encoding (space as %20, not the form encoding's '+'); safe for path segments too. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return query.toString();
    }
}
