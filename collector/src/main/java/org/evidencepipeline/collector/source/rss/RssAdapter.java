package org.evidencepipeline.collector.source.rss;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.HttpExchange;
import org.evidencepipeline.collector.evidence.RawItem;
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

import org.jboss.logging.Logger;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * RSS 2.0 / Atom / RSS 1.0 feeds, including YouTube channel feeds, enclosures, Media RSS and GeoRSS.
 * Parsed by ROME with DOCTYPEs refused, so external entities and entity-expansion bombs never load. The charset is
 * decided before parsing ({@link FeedDecoder}) and reported with the batch. Each post's raw item is the bytes of
 * its {@code <item>} or {@code <entry>} in the body as received ({@link FeedItems}).
 */
public final class RssAdapter implements SourceAdapter {
    private final PoliteFetcher fetcher;
    private static final Logger LOG = Logger.getLogger(RssAdapter.class);

    private final RssEntryMapper mapper = new RssEntryMapper();
    private final FeedDecoder decoder = new FeedDecoder();
    private final FeedItems items = new FeedItems();

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
        return read(response.exchange(), response.body(), response.header("Content-Type"), spec.url(), etag, lastModified);
    }

    /** A feed body without the exchange it came in (tests of mapping alone): its posts carry no raw item. */
    SourceBatch read(byte[] body, String contentType, String feedUrl, String etag, String lastModified) throws FetchException {
        return read(null, body, contentType, feedUrl, etag, lastModified);
    }

    /**
     * Everything after the fetch: decode, parse and map a feed body as served at {@code feedUrl}; each post's raw
     * item is its element's bytes in {@code exchange}'s body (the same bytes as {@code body}).
     */
    private SourceBatch read(HttpExchange exchange, byte[] body, String contentType, String feedUrl, String etag,
                             String lastModified) throws FetchException {
        FeedDecoder.Decoded decoded = decoder.decode(body, contentType);
        LOG.debugf("feed %s decoded as %s", feedUrl, decoded.charset());
        SyndFeed feed = parse(decoded, body, feedUrl);
        List<RawItem> raw = items.of(exchange, decoded, feed.getEntries().size(), feedUrl);
        List<FoundPost> posts = new ArrayList<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        for (int i = 0; i < feed.getEntries().size(); i++) {
            SyndEntry entry = feed.getEntries().get(i);
            try {
                FoundPost post = mapper.map(feed, entry, feedUrl);
                posts.add(raw.get(i) == null ? post : post.withRaw(raw.get(i)));
            } catch (RuntimeException e) {
                rejected.add(new RejectedEntry("unreadable feed entry: " + e.getMessage(),
                        Text.excerpt(String.valueOf(entry.getTitle()) + " " + entry.getLink(), 2048)));
            }
        }
        // Oldest first, so a crash mid-batch leaves the cursor behind the newest posts, never ahead of them.
        posts.sort(Comparator.comparing(FoundPost::publishedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new SourceBatch(posts, rejected, etag, lastModified, null, false).withCharset(decoded.charset());
    }

    /**
     * Parses the feed's text (decoded by {@link FeedDecoder}: the parser gets characters, so the XML declaration's
     * encoding no longer decides anything); any XML or feed-format problem becomes one clear {@link FetchException}.
     * DOCTYPEs stay refused whatever the input form: the refusal is a parser feature, not a property of bytes.
     */
    SyndFeed parse(FeedDecoder.Decoded decoded, byte[] body, String url) throws FetchException {
        String text = decoded.text();
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(true);
        try {
            return input.build(new InputSource(new StringReader(text)));
        } catch (FeedException | IllegalArgumentException e) {
            throw new UnreadablePayloadException("not a readable RSS/Atom feed at " + url + " (decoded as "
                    + decoded.charset() + "): " + e.getMessage(),
                    Text.excerpt(text, 2048), body);
        }
    }
}
