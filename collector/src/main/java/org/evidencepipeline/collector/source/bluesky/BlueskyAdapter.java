package org.evidencepipeline.collector.source.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.http.FetchRequest;
import org.evidencepipeline.collector.http.FetchResponse;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.BearerToken;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.collector.source.JsonItems;
import org.evidencepipeline.collector.source.RateBudget;
import org.evidencepipeline.collector.source.RejectedEntry;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.Times;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Bluesky posts from an AppView's XRPC API: an author's feed ({@code app.bsky.feed.getAuthorFeed}) or a
 * search ({@code app.bsky.feed.searchPosts}, newest first).
 *
 * <p>Both page towards older posts with an opaque {@code cursor}, so new posts are found from the newest
 * page down: the position is the newest feed time seen, and older pages are read only while a whole page
 * is newer than it (up to {@code max-pages}). A repost in an author's feed is collected as the post it
 * reposts, whose URI is the identity everywhere; its feed time is the time of the repost.
 */
public final class BlueskyAdapter implements SourceAdapter {
    private final PoliteFetcher fetcher;
    private final RateBudget budget;
    private final BearerToken tokens;
    private final BlueskyPostMapper mapper = new BlueskyPostMapper();

    /** @param env environment lookup for {@code token-env}; no secrets directory, so {@code token-file} fails */
    public BlueskyAdapter(PoliteFetcher fetcher, Clock clock, Function<String, String> env) {
        this(fetcher, clock, new BearerToken(env, null));
    }

    public BlueskyAdapter(PoliteFetcher fetcher, Clock clock, BearerToken tokens) {
        this.fetcher = fetcher;
        this.budget = new RateBudget(clock);
        this.tokens = tokens;
    }

    @Override
    public String type() {
        return "bluesky";
    }

    @Override
    public List<String> paramProblems(SourceSpec spec) {
        return BlueskyParams.problems(spec);
    }

    /**
     * A post as the feed lists it, with the time the feed is ordered by and its raw item: the array element as
     * served, so the feed view ({@code {"post":{...},"reason":...}}) of an author feed, whose repost reason is why
     * the post is there and when, or the post view of a search.
     */
    private record Item(String uri, JsonNode post, Instant feedTime, RawItem raw) {
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        BlueskyParams params = BlueskyParams.of(spec);
        String base = spec.url().replaceAll("/+$", "");
        String host = URI.create(base).getHost().toLowerCase(Locale.ROOT);
        Map<String, String> headers = new HashMap<>(tokens.header(params.token(), spec.id()));
        headers.put("Accept", "application/json");

        Instant position = Times.iso(cursor.position());
        Instant newest = position;
        Map<String, Item> byUri = new LinkedHashMap<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        String pageCursor = null;
        for (int page = 1; page <= params.maxPages(); page++) {
            if (page > 1 && budget.exhausted(host)) {
                break; // keep what this poll has; the next poll waits for the reset
            }
            budget.check(host);
            String url = base + params.pathAndQuery(pageCursor);
            FetchResponse response = fetcher.get(new FetchRequest(URI.create(url), null, null, headers));
            // The AppView sends the reset as epoch seconds.
            Double reset = RateBudget.number(response.header("RateLimit-Reset"));
            budget.record(host, RateBudget.number(response.header("RateLimit-Remaining")),
                    reset == null ? null : Instant.ofEpochSecond(reset.longValue()));
            JsonNode body = Json.read(response.body(), params.isSearch() ? "Bluesky searchPosts" : "Bluesky getAuthorFeed", url);
            JsonNode entries = Json.at(body, params.isSearch() ? "posts" : "feed");
            if (entries == null || !entries.isArray()) {
                throw new UnreadablePayloadException("expected '" + (params.isSearch() ? "posts" : "feed") + "' array from " + url,
                        Json.excerpt(response.body()), response.body());
            }
            boolean allUnseen = true;
            for (JsonItems.Located located : JsonItems.locate(response.exchange(), entries, url, params.isSearch() ? "posts" : "feed")) {
                JsonNode entry = located.node();
                JsonNode post = params.isSearch() ? entry : Json.at(entry, "post");
                String uri = post == null ? null : BlueskyPostMapper.uri(post);
                if (uri == null) {
                    rejected.add(new RejectedEntry("Bluesky feed entry without an at:// post URI", Json.excerpt(entry)));
                    continue;
                }
                Instant feedTime = feedTime(entry, post, params.isSearch());
                if (feedTime != null && (newest == null || feedTime.isAfter(newest))) {
                    newest = feedTime;
                }
                if (position != null && feedTime != null && !feedTime.isAfter(position)) {
                    allUnseen = false;
                    if (feedTime.isBefore(position)) {
                        continue;
                    }
                    // Same millisecond as the position: kept, since another post may share it; the runner dedups.
                }
                byUri.putIfAbsent(uri, new Item(uri, post, feedTime, located.raw()));
            }
            pageCursor = Json.nonBlank(body, "cursor");
            // The first poll takes one page: the archive starts now, not at the account's history.
            if (position == null || !allUnseen || pageCursor == null || entries.isEmpty()) {
                break;
            }
        }

        List<Item> items = new ArrayList<>(byUri.values());
        items.sort(Comparator.comparing(Item::feedTime, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Item::uri)); // oldest first
        List<FoundPost> posts = new ArrayList<>();
        for (Item item : items) {
            try {
                posts.add(mapper.map(item.post()).withRaw(item.raw()));
            } catch (RuntimeException e) {
                rejected.add(new RejectedEntry("unreadable Bluesky post " + item.uri() + ": " + e.getMessage(), Json.excerpt(item.post())));
            }
        }
        return new SourceBatch(posts, rejected, null, null, newest == null ? null : newest.toString(), false);
    }

    /** What the feed is ordered by: the repost time for a repost, else when the AppView indexed the post. */
    private static Instant feedTime(JsonNode entry, JsonNode post, boolean search) {
        if (!search && "app.bsky.feed.defs#reasonRepost".equals(Json.text(entry, "reason", "$type"))) {
            Instant reposted = Times.iso(Json.text(entry, "reason", "indexedAt"));
            if (reposted != null) {
                return reposted;
            }
        }
        return Times.iso(Json.text(post, "indexedAt"));
    }
}
