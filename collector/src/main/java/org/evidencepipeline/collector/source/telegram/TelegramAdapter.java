package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.http.FetchRequest;
import org.evidencepipeline.collector.http.FetchResponse;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.collector.source.PayloadCharset;
import org.evidencepipeline.collector.source.RejectedEntry;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.Text;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A public Telegram channel through its web preview ({@code t.me/s/<channel>}), which needs no account
 * and no API key. The page holds the newest ~20 messages, oldest first; {@code ?before=<id>} the ones
 * before that. Message ids count up by one per message in a channel, so when the oldest message on the
 * newest page is more than one past the last id seen, there may be a gap and older pages are read (up to
 * {@code max-pages}) so nothing is missed after downtime.
 *
 * <p>Each post's raw item is its message's HTML as served, cut from the page it was read from ({@link TelegramFragments}).
 *
 * <p>Media URLs on the page are signed and expire after a while; that is fine, as they are handed on at once.
 */
public final class TelegramAdapter implements SourceAdapter {
    private final PoliteFetcher fetcher;
    private final TelegramMessageMapper mapper = new TelegramMessageMapper();

    public TelegramAdapter(PoliteFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public String type() {
        return "telegram";
    }

    @Override
    public List<String> paramProblems(SourceSpec spec) {
        return TelegramParams.problems(spec);
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        TelegramParams params = TelegramParams.of(spec);
        String base = spec.url().replaceAll("/+$", "");
        Long position = position(cursor.position());
        TreeMap<Long, Message> byId = new TreeMap<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        Long before = null;
        for (int page = 1; page <= params.maxPages(); page++) {
            Long oldest = read(base, params, before, byId, rejected);
            // The first poll takes one page: the archive starts now, not at the channel's history.
            if (position == null || oldest == null || oldest <= position + 1) {
                break;
            }
            before = oldest;
        }

        List<FoundPost> posts = new ArrayList<>();
        for (Map.Entry<Long, Message> e : byId.entrySet()) { // ascending ids: oldest first
            Element message = e.getValue().element();
            if ((position != null && e.getKey() <= position) || TelegramMessageMapper.isService(message)) {
                continue; // seen before, or "channel photo updated" and the like: not a post
            }
            try {
                FoundPost post = mapper.map(message, base, params.language());
                RawItem raw = e.getValue().fragments().of(message);
                posts.add(raw == null ? post : post.withRaw(raw));
            } catch (RuntimeException ex) {
                rejected.add(new RejectedEntry("unreadable Telegram message " + message.attr("data-post") + ": "
                        + ex.getMessage(), Text.excerpt(message.outerHtml(), 2048)));
            }
        }
        Long newest = byId.isEmpty() ? position : position == null ? byId.lastKey() : Math.max(position, byId.lastKey());
        return new SourceBatch(posts, rejected, null, null, newest == null ? null : newest.toString(), false);
    }

    /** A message element and the page it is on, whose bytes its raw item is cut from. */
    private record Message(Element element, TelegramFragments fragments) {
    }

    /** Reads one page into {@code byId}; returns the oldest message id on it, or null when it has none. */
    private Long read(String base, TelegramParams params, Long before, TreeMap<Long, Message> byId,
                      List<RejectedEntry> rejected) throws FetchException, InterruptedException {
        String url = base + params.path(before);
        FetchResponse response = fetcher.get(new FetchRequest(URI.create(url), null, null,
                Map.of("Accept", "text/html,application/xhtml+xml")));
        Document page = parse(response.body(), response.header("Content-Type"), url);
        TelegramFragments fragments = new TelegramFragments(response.exchange(), page, url);
        List<Element> messages = page.select("div.tgme_widget_message[data-post]");
        if (messages.isEmpty() && page.selectFirst(".tgme_channel_history") == null) {
            // t.me answers a private, restricted or renamed channel with its plain info page (or a redirect to it).
            throw new UnreadablePayloadException("no public message preview for Telegram channel '" + params.channel()
                    + "' at " + url + " (private, restricted or renamed?)", Json.excerpt(response.body()), response.body());
        }
        Long oldest = null;
        for (Element message : messages) {
            Long id = TelegramMessageMapper.id(message);
            if (id == null) {
                rejected.add(new RejectedEntry("Telegram message without a data-post of the form channel/id",
                        Text.excerpt(message.outerHtml(), 2048)));
                continue;
            }
            byId.putIfAbsent(id, new Message(message, fragments));
            oldest = oldest == null ? id : Math.min(oldest, id);
        }
        return oldest;
    }

    /**
     * jsoup decides the charset from a BOM, then a {@code <meta charset>}, else UTF-8; the HTTP header's charset is
     * handed to it first (t.me sends {@code charset=utf-8}), as a browser would use it. Positions are tracked, so each
     * message's raw item can be cut from the body ({@link TelegramFragments}).
     */
    private static Document parse(byte[] body, String contentType, String url) throws UnreadablePayloadException {
        Charset declared = PayloadCharset.ofContentType(contentType);
        try {
            Document page = Jsoup.parse(new ByteArrayInputStream(body), declared == null ? null : declared.name(), url,
                    Parser.htmlParser().setTrackPosition(true));
            page.outputSettings().prettyPrint(false);
            return page;
        } catch (IOException e) {
            throw new UnreadablePayloadException("not readable as HTML at " + url + ": " + e.getMessage(), Json.excerpt(body), body);
        }
    }

    /** The last message id seen; anything else (an older cursor format) counts as none. */
    private static Long position(String position) {
        try {
            return position == null ? null : Long.valueOf(position);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
