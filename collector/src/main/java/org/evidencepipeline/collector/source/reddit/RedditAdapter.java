package org.evidencepipeline.collector.source.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
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

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A subreddit's newest posts from the public JSON listing ({@code www.reddit.com}) or, with an OAuth
 * token, the API host ({@code oauth.reddit.com}).
 *
 * <p>New posts since the last poll come from {@code before=<newest fullname seen>}, the page immediately
 * newer than that post, followed page by page while pages are full. Reddit answers {@code before} with an
 * empty page both when nothing is new and when that post has left the listing (deleted or removed), so
 * an empty answer is checked against the newest page: otherwise one removal would stop the source for good.
 */
public final class RedditAdapter implements SourceAdapter {
    /** Post ids are base-36 counters: a longer id is newer, then character order (0-9 before a-z, as in base 36). */
    static final Comparator<String> FULLNAME_ORDER = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private final PoliteFetcher fetcher;
    private final Clock clock;
    private final RateBudget budget;
    private final BearerToken tokens;
    private final RedditPostMapper mapper = new RedditPostMapper();

    /** @param env environment lookup for {@code token-env}; no secrets directory, so {@code token-file} fails */
    public RedditAdapter(PoliteFetcher fetcher, Clock clock, Function<String, String> env) {
        this(fetcher, clock, new BearerToken(env, null));
    }

    public RedditAdapter(PoliteFetcher fetcher, Clock clock, BearerToken tokens) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.budget = new RateBudget(clock);
        this.tokens = tokens;
    }

    @Override
    public String type() {
        return "reddit";
    }

    @Override
    public List<String> paramProblems(SourceSpec spec) {
        return RedditParams.problems(spec);
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        RedditParams params = RedditParams.of(spec);
        Listing listing = new Listing(spec, params, tokens.header(params.token(), spec.id()));
        String position = cursor.position();
        Map<String, JsonItems.Located> byName = new LinkedHashMap<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        String before = position;
        for (int page = 1; page <= params.maxPages(); page++) {
            if (page > 1 && budget.exhausted(listing.host())) {
                break; // keep what this poll has; the next poll waits for the reset
            }
            List<JsonItems.Located> children = read(listing, before);
            if (position != null && page == 1 && children.isEmpty()) {
                if (!budget.exhausted(listing.host())) {
                    newestPageIfAnchorGone(listing, position, byName, rejected);
                }
                break;
            }
            String newestOnPage = collect(children, byName, rejected);
            // The first poll takes one page: the archive starts now, not at the subreddit's history.
            if (position == null || newestOnPage == null || children.size() < params.limit()) {
                break;
            }
            before = newestOnPage;
        }

        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(FULLNAME_ORDER); // oldest first
        List<FoundPost> posts = new ArrayList<>();
        String newest = position;
        for (String name : names) {
            if (position != null && FULLNAME_ORDER.compare(name, position) <= 0) {
                continue; // the newest page read after a vanished anchor also holds older posts
            }
            newest = newest == null || FULLNAME_ORDER.compare(name, newest) > 0 ? name : newest;
            JsonItems.Located child = byName.get(name);
            try {
                posts.add(mapper.map(child.node()).withRaw(child.raw()));
            } catch (RuntimeException e) {
                rejected.add(new RejectedEntry("unreadable Reddit post " + name + ": " + e.getMessage(), Json.excerpt(child.node())));
            }
        }
        return new SourceBatch(posts, rejected, null, null, newest, false);
    }

    /**
     * After an empty {@code before} answer: if the anchor post is no longer on the newest page it left the
     * listing, and the newest page's posts newer than it are collected instead (ids only grow, so "newer"
     * needs no anchor). If it is still there, nothing was new.
     */
    private void newestPageIfAnchorGone(Listing listing, String anchor, Map<String, JsonItems.Located> byName,
                                        List<RejectedEntry> rejected) throws FetchException, InterruptedException {
        List<JsonItems.Located> newest = read(listing, null);
        for (JsonItems.Located child : newest) {
            if (anchor.equals(RedditPostMapper.fullname(child.node()))) {
                return;
            }
        }
        collect(newest, byName, rejected);
    }

    /** Adds a page's posts by fullname (the first page a post was on keeps its raw item) and returns the newest fullname on it. */
    private static String collect(List<JsonItems.Located> children, Map<String, JsonItems.Located> byName, List<RejectedEntry> rejected) {
        String newest = null;
        for (JsonItems.Located child : children) {
            String name = RedditPostMapper.fullname(child.node());
            if (name == null) {
                rejected.add(new RejectedEntry("Reddit listing entry that is not a post with a t3_ fullname", Json.excerpt(child.node())));
                continue;
            }
            byName.putIfAbsent(name, child);
            newest = newest == null || FULLNAME_ORDER.compare(name, newest) > 0 ? name : newest;
        }
        return newest;
    }

    /**
     * Fetches one listing page and returns its children, each with its raw item (the listing child object,
     * {@code {"kind":"t3","data":{...}}}, as served), minding and recording the rate-limit budget.
     */
    private List<JsonItems.Located> read(Listing listing, String before) throws FetchException, InterruptedException {
        budget.check(listing.host());
        String url = listing.base() + listing.params().pathAndQuery(before);
        FetchResponse response = fetcher.get(new FetchRequest(URI.create(url), null, null, listing.headers()));
        // Reddit sends the remaining calls as a decimal ("598.0") and the reset in seconds from now.
        Double reset = RateBudget.number(response.header("X-Ratelimit-Reset"));
        budget.record(listing.host(), RateBudget.number(response.header("X-Ratelimit-Remaining")),
                reset == null ? null : clock.instant().plusSeconds(reset.longValue()));
        JsonNode body = Json.read(response.body(), "Reddit listing", url);
        JsonNode children = Json.at(body, "data", "children");
        if (!"Listing".equals(Json.text(body, "kind")) || children == null || !children.isArray()) {
            throw new UnreadablePayloadException("expected a Reddit Listing with data.children from " + url, Json.excerpt(response.body()), response.body());
        }
        return JsonItems.locate(response.exchange(), children, url, "data", "children");
    }

    /** Where and how one source's listing is fetched. */
    private record Listing(String base, String host, RedditParams params, Map<String, String> headers) {
        Listing(SourceSpec spec, RedditParams params, Map<String, String> auth) {
            this(spec.url().replaceAll("/+$", ""), URI.create(spec.url()).getHost().toLowerCase(Locale.ROOT), params, withJson(auth));
        }

        private static Map<String, String> withJson(Map<String, String> auth) {
            Map<String, String> headers = new HashMap<>(auth);
            headers.put("Accept", "application/json");
            return Map.copyOf(headers);
        }
    }
}
