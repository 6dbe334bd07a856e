package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.evidence.HttpExchange;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.source.TextSlices;
import org.evidencepipeline.contracts.SourceEvidence;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Each feed entry's raw item: the bytes of its {@code <item>} or {@code <entry>} element in the body as received,
 * start tag to end tag inclusive. The elements are found in the decoded text ({@link FeedElementScanner}) and paired
 * with ROME's entries in document order; if the counts differ the pairing cannot be trusted and no entry gets one.
 * An entry whose bytes cannot be named exactly ({@link TextSlices}) gets none either: no raw item beats a wrong one.
 */
final class FeedItems {
    private static final Logger LOG = Logger.getLogger(FeedItems.class);

    private final FeedElementScanner scanner = new FeedElementScanner();

    /** One raw item (or null) per entry, in ROME's order; all null when there is no capture to point into. */
    List<RawItem> of(HttpExchange exchange, FeedDecoder.Decoded decoded, int entryCount, String feedUrl) {
        List<RawItem> none = Collections.nCopies(entryCount, null);
        if (exchange == null) {
            return none;
        }
        FeedElementScanner.Result scan = scanner.scan(decoded.text());
        if (scan.why() != null || scan.entries().size() != entryCount) {
            LOG.warnf("feed %s: its posts carry no raw item: %s", feedUrl, scan.why() != null ? scan.why()
                    : scan.entries().size() + " entry elements found, ROME read " + entryCount);
            return none;
        }
        TextSlices slices = new TextSlices(exchange.body(), decoded.textStart(), decoded.decodedWith());
        List<RawItem> items = new ArrayList<>(entryCount);
        for (FeedElementScanner.Range r : scan.entries()) {
            try {
                TextSlices.ByteRange bytes = slices.slice(decoded.leadingChars() + r.start(), decoded.leadingChars() + r.end(),
                        decoded.text().substring(r.start(), r.end()));
                items.add(RawItem.of(exchange, bytes.offset(), bytes.length(), SourceEvidence.XML_ELEMENT));
            } catch (TextSlices.NotExact e) {
                LOG.warnf("feed %s: entry %d carries no raw item: %s", feedUrl, items.size() + 1, e.getMessage());
                items.add(null);
            }
        }
        return items;
    }
}
