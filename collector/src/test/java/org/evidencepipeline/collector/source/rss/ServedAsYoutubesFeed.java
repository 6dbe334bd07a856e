package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The real RSS adapter reading a feed fetched from a loopback server as if youtube.com had served it at the source's
 * URL: only youtube.com's own feed URL gives {@code youtube:} posts (RssIds), and tests have no network past loopback.
 * Everything after the fetch (decoding, parsing, mapping) is the adapter's own.
 */
public final class ServedAsYoutubesFeed implements SourceAdapter {
    private final RssAdapter rss;
    private final String loopbackUrl;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    public ServedAsYoutubesFeed(RssAdapter rss, String loopbackUrl) {
        this.rss = rss;
        this.loopbackUrl = loopbackUrl;
    }

    @Override
    public String type() {
        return "rss";
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(loopbackUrl)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return rss.read(response.body(), response.headers().firstValue("content-type").orElse(null), spec.url(), null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
