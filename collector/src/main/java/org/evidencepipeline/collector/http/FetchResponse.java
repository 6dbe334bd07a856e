package org.evidencepipeline.collector.http;

import org.evidencepipeline.collector.evidence.HttpExchange;

import java.net.http.HttpHeaders;

/**
 * A completed fetch: 304 Not Modified carries no body; anything else a 2xx body within the size cap, and the whole
 * exchange as it happened ({@code exchange}, null for a 304), which adapters hand on with the posts read from it.
 */
public record FetchResponse(int status, byte[] body, HttpHeaders headers, HttpExchange exchange) {
    public boolean notModified() {
        return status == 304;
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
