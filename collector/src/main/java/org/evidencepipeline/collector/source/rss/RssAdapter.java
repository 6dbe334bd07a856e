package org.evidencepipeline.collector.source.rss;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.http.FetchRequest;
import org.evidencepipeline.collector.http.FetchResponse;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.RejectedEntry;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.Text;
import org.xml.sax.InputSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * RSS 2.0 / Atom / RSS 1.0 feeds, including YouTube channel feeds, enclosures, Media RSS and GeoRSS.
 * Parsed by ROME with DOCTYPEs refused, so external entities and entity-expansion bombs never load.
 */
public final class RssAdapter implements SourceAdapter {
    private final PoliteFetcher fetcher;
    private final RssEntryMapper mapper = new RssEntryMapper();

    public RssAdapter(PoliteFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public String type() {
        return "rss";
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        FetchResponse response = fetcher.get(new FetchRequest(URI.create(spec.url()), cursor.etag(), cursor.lastModified(),
                Map.of("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8")));
        String etag = response.header("ETag");
        String lastModified = response.header("Last-Modified");
        if (response.notModified()) {
            return SourceBatch.notModified(cursor.etag(), cursor.lastModified(), null);
        }
        SyndFeed feed = parse(response.body(), spec.url());
        List<FoundPost> posts = new ArrayList<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            try {
                posts.add(mapper.map(feed, entry, spec.url()));
            } catch (RuntimeException e) {
                rejected.add(new RejectedEntry("unreadable feed entry: " + e.getMessage(),
                        Text.excerpt(String.valueOf(entry.getTitle()) + " " + entry.getLink(), 2048)));
            }
        }
        // Oldest first, so a crash mid-batch leaves the cursor behind the newest posts, never ahead of them.
        posts.sort(Comparator.comparing(FoundPost::publishedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new SourceBatch(posts, rejected, etag, lastModified, null, false);
    }

    /** Parses feed bytes; any XML or feed-format problem becomes one clear {@link FetchException}. */
    SyndFeed parse(byte[] body, String url) throws FetchException {
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(true);
        try {
            InputSource source = new InputSource(new ByteArrayInputStream(body));
            return input.build(source);
        } catch (FeedException | IllegalArgumentException e) {
            String head = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8);
            throw new UnreadablePayloadException("not a readable RSS/Atom feed at " + url + ": " + e.getMessage(), head);
        }
    }
}
