package org.evidencepipeline.collector.http;

import java.net.URI;
import java.util.Map;

/** A GET the collector wants to make, with validators from the last response for a conditional request. */
public record FetchRequest(URI uri, String etag, String lastModified, Map<String, String> headers) {
    public FetchRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static FetchRequest of(String url) {
        return new FetchRequest(URI.create(url), null, null, Map.of());
    }
}
