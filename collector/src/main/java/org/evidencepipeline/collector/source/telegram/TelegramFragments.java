package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.evidence.HttpExchange;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.source.TextSlices;
import org.evidencepipeline.contracts.SourceEvidence;
import org.jboss.logging.Logger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Range;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The raw items of one t.me/s page: each message's HTML fragment exactly as served, from the start of its outermost
 * element's start tag ({@code div.tgme_widget_message_wrap}, or the message itself when t.me wraps it in nothing) to
 * the end of its end tag. jsoup, tracking positions, says where the element is in the characters it parsed; those are
 * turned into bytes of the body ({@link TextSlices}) and checked twice: the bytes decode to those characters, and
 * they parse on their own to the same element. A message that fails either (an end tag the parser implied, a page
 * decoded otherwise than jsoup read it) carries no raw item rather than a wrong one.
 */
final class TelegramFragments {
    static final String WRAP = "tgme_widget_message_wrap";
    private static final Logger LOG = Logger.getLogger(TelegramFragments.class);

    private final HttpExchange exchange;
    private final Charset charset;
    private final String url;
    private String text;
    private TextSlices slices;

    /**
     * For {@code page}, parsed from {@code exchange}'s body with positions tracked and without pretty-printing (so its
     * elements' markup can be compared with a fragment's); a null exchange gives no raw items.
     */
    TelegramFragments(HttpExchange exchange, Document page, String url) {
        this.exchange = exchange;
        this.charset = page.charset();
        this.url = url;
    }

    /** The raw item of {@code message} (a {@code div.tgme_widget_message}), or null when it cannot be named exactly. */
    RawItem of(Element message) {
        if (exchange == null) {
            return null;
        }
        Element outer = message.parent() != null && message.parent().hasClass(WRAP) ? message.parent() : message;
        Range start = outer.sourceRange();
        Range end = outer.endSourceRange();
        String post = message.attr("data-post");
        if (!start.isTracked() || !end.isTracked() || start.isImplicit() || end.isImplicit()) {
            LOG.warnf("Telegram page %s: message %s carries no raw item: its element has no explicit start and end tag", url, post);
            return null;
        }
        if (text == null) { // decoded on first use: a page of messages seen before yields no raw items at all
            byte[] body = exchange.body();
            int skip = bomLength(body, charset);
            text = new String(body, skip, body.length - skip, charset);
            slices = new TextSlices(body, skip, charset);
        }
        int from = start.startPos();
        int to = end.endPos();
        try {
            if (to > text.length() || from > to) {
                throw new TextSlices.NotExact("characters [" + from + ", " + to + ") are not in the page's " + text.length());
            }
            String fragment = text.substring(from, to);
            TextSlices.ByteRange bytes = slices.slice(from, to, fragment);
            Document alone = Jsoup.parseBodyFragment(fragment, url);
            alone.outputSettings().prettyPrint(false);
            Element reparsed = alone.body().childrenSize() == 1 ? alone.body().child(0) : null;
            if (reparsed == null || !reparsed.outerHtml().equals(outer.outerHtml())) {
                throw new TextSlices.NotExact("characters [" + from + ", " + to + ") do not parse to that message's element");
            }
            return RawItem.of(exchange, bytes.offset(), bytes.length(), SourceEvidence.HTML_FRAGMENT);
        } catch (TextSlices.NotExact e) {
            LOG.warnf("Telegram page %s: message %s carries no raw item: %s", url, post, e.getMessage());
            return null;
        }
    }

    /** jsoup reads past a byte order mark of the charset it chose; the text it parsed starts after it. */
    static int bomLength(byte[] b, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8) && b.length >= 3
                && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return 3;
        }
        boolean utf16 = charset.name().startsWith("UTF-16");
        if (utf16 && b.length >= 2 && ((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF || (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE)) {
            return 2;
        }
        return 0;
    }
}
