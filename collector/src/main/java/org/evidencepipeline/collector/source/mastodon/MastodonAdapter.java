package org.evidencepipeline.collector.source.mastodon;

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
import org.evidencepipeline.collector.source.Times;

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
 * Public Mastodon timelines (the instance's public timeline, a hashtag timeline, an account's statuses)
 * through the REST API, anonymously or with an app token.
 *
 * <p>Paging forward uses {@code min_id}: it returns the page immediately newer than the last status seen,
 * so after downtime every poll catches up by one or more pages without a gap (with {@code since_id} the
 * server would return the newest page and silently skip what lies between).
 */
public final class MastodonAdapter implements SourceAdapter {
    /**
     * Status ids are strings: numeric snowflakes on Mastodon, fixed-width sortable ids on other servers
     * speaking its API. Shorter is older, then character order; never compare them as text alone.
     */
    static final Comparator<String> ID_ORDER = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private final PoliteFetcher fetcher;
    private final RateBudget budget;
    private final BearerToken tokens;
    private final MastodonStatusMapper mapper = new MastodonStatusMapper();

    /** @param env environment lookup for {@code token-env}; no secrets directory, so {@code token-file} fails */
    public MastodonAdapter(PoliteFetcher fetcher, Clock clock, Function<String, String> env) {
        this(fetcher, clock, new BearerToken(env, null));
    }

    public MastodonAdapter(PoliteFetcher fetcher, Clock clock, BearerToken tokens) {
        this.fetcher = fetcher;
        this.budget = new RateBudget(clock);
        this.tokens = tokens;
    }

    @Override
    public String type() {
        return "mastodon";
    }

    @Override
    public List<String> paramProblems(SourceSpec spec) {
        return MastodonParams.problems(spec);
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        MastodonParams params = MastodonParams.of(spec);
        String base = spec.url().replaceAll("/+$", "");
        String host = URI.create(base).getHost().toLowerCase(Locale.ROOT);
        Map<String, String> headers = new HashMap<>(tokens.header(params.token(), spec.id()));
        headers.put("Accept", "application/json");

        String position = cursor.position();
        Map<String, JsonItems.Located> byId = new LinkedHashMap<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        String minId = position;
        for (int page = 1; page <= params.maxPages(); page++) {
            if (page > 1 && budget.exhausted(host)) {
                break; // keep what this poll has; the next poll waits for the reset
            }
            budget.check(host);
            String url = base + params.pathAndQuery(minId);
            FetchResponse response = fetcher.get(new FetchRequest(URI.create(url), null, null, headers));
            budget.record(host, RateBudget.number(response.header("X-RateLimit-Remaining")),
                    Times.iso(response.header("X-RateLimit-Reset")));
            JsonNode statuses = Json.read(response.body(), "Mastodon statuses", url);
            if (!statuses.isArray()) {
                throw new UnreadablePayloadException("expected an array of statuses from " + url + " but got a JSON "
                        + statuses.getNodeType().toString().toLowerCase(Locale.ROOT), Json.excerpt(response.body()), response.body());
            }
            String newestOnPage = null;
            for (JsonItems.Located status : JsonItems.locate(response.exchange(), statuses, url)) {
                String id = Json.nonBlank(status.node(), "id");
                if (id == null) {
                    rejected.add(new RejectedEntry("Mastodon status without an id", Json.excerpt(status.node())));
                    continue;
                }
                byId.putIfAbsent(id, status); // the first page it was on is the one its raw item points at
                newestOnPage = newer(newestOnPage, id);
            }
            // The first poll takes one page: the archive starts now, not at the instance's history.
            if (position == null || newestOnPage == null || statuses.size() < params.limit()) {
                break;
            }
            minId = newestOnPage;
        }

        List<FoundPost> posts = new ArrayList<>();
        String newest = position;
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(ID_ORDER); // oldest first, as the timeline itself is ordered by id
        for (String id : ids) {
            newest = newer(newest, id);
            JsonItems.Located status = byId.get(id);
            try {
                posts.add(mapper.map(status.node(), host).withRaw(status.raw()));
            } catch (RuntimeException e) {
                rejected.add(new RejectedEntry("unreadable Mastodon status " + id + ": " + e.getMessage(), Json.excerpt(status.node())));
            }
        }
        return new SourceBatch(posts, rejected, null, null, newest, false);
    }

    private static String newer(String a, String b) {
        if (a == null) {
            return b;
        }
        return ID_ORDER.compare(a, b) >= 0 ? a : b;
    }
}
