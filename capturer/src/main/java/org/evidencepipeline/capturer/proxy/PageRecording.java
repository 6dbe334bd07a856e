package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.contracts.PageProvenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the proxy recorded of one page load: every exchange in the order the requests arrived, every refusal, and the
 * WARC holding both. Owns spooled files until the capture is stored; then {@link ProxySession#close} deletes them.
 *
 * @param warc       gzipped WARC/1.1: a warcinfo record, then request and response records per exchange (with
 *                   WARC-IP-Address and the origin's TLS chain in a metadata record), and one record per refusal
 * @param warcSha256 hex SHA-256 of the WARC file
 */
public record PageRecording(String captureId, List<RecordedExchange> exchanges, List<PageProvenance.RefusedRequest> refused,
                            Path warc, String warcSha256, long warcSize) {
    public PageRecording {
        exchanges = List.copyOf(exchanges);
        refused = List.copyOf(refused);
    }

    /** The first GET of {@code url} (the main document when {@code url} is the page's final URL). */
    public Optional<RecordedExchange> firstGet(String url) {
        return exchanges.stream().filter(e -> "GET".equals(e.method()) && e.url().equals(url)).findFirst();
    }

    /**
     * The hops from {@code pageUrl} by each recorded redirect's Location, in order, excluding {@code pageUrl}: the
     * chain the main document went through. Stops at a response that is not a redirect or at a loop.
     */
    public List<String> redirectsFrom(String pageUrl) {
        List<String> hops = new ArrayList<>();
        String at = pageUrl;
        while (true) {
            Optional<RecordedExchange> e = firstGet(at);
            if (e.isEmpty() || e.get().status() < 300 || e.get().status() > 399 || e.get().location() == null) {
                return hops;
            }
            String next = java.net.URI.create(at).resolve(e.get().location()).toString();
            if (hops.contains(next) || next.equals(pageUrl)) {
                return hops;
            }
            hops.add(next);
            at = next;
        }
    }
}
