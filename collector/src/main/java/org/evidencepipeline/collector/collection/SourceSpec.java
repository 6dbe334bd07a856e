package org.evidencepipeline.collector.collection;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Duration;
import java.util.Map;

/**
 * One source a collection watches: an adapter type ({@code rss}, ...), a stable id, where to fetch,
 * how often, and adapter-specific parameters.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SourceSpec(String id, String type, String url, Duration interval, Map<String, String> params) {
    public SourceSpec {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public String param(String name) {
        return params.get(name);
    }
}
