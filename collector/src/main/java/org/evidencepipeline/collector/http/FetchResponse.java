package org.evidencepipeline.collector.http;

import java.net.http.HttpHeaders;

/** A completed fetch: 304 Not Modified carries no body; anything else a 2xx body within the size cap. */
public record FetchResponse(int status, byte[] body, HttpHeaders headers) {
    public boolean notModified() {
        return status == 304;
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
