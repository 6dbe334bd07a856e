package org.evidencepipeline.collector.source.bluesky;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.BearerToken;
import org.evidencepipeline.collector.source.ParamReader;
import org.evidencepipeline.collector.source.Query;

import java.util.List;
import java.util.Set;

/** An author's feed ({@code actor}) or a search ({@code q}) on a Bluesky AppView, from the source's params. */
record BlueskyParams(String actor, String q, String filter, int limit, int maxPages, BearerToken.Ref token) {
    static final Set<String> NAMES = Set.of("actor", "q", "filter", "limit", "max-pages", BearerToken.PARAM, BearerToken.FILE_PARAM);
    static final Set<String> FILTERS = Set.of("posts_with_replies", "posts_no_replies", "posts_with_media",
            "posts_and_author_threads", "posts_with_video");

    static List<String> problems(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        read(reader);
        return reader.problems();
    }

    static BlueskyParams of(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        BlueskyParams params = read(reader);
        reader.throwIfInvalid();
        return params;
    }

    private static BlueskyParams read(ParamReader r) {
        r.urlIsSiteRoot("https://public.api.bsky.app");
        String actor = r.optional("actor");
        String q = r.optional("q");
        if ((actor == null) == (q == null)) {
            r.problem("exactly one of params 'actor' (a handle or DID, for the author's feed) and 'q' (a search) is required");
        }
        if (actor != null) {
            actor = actor.replaceFirst("^@", "");
            if (!actor.matches("did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
                r.problem("param 'actor' must be a handle (name.bsky.social) or a DID (did:plc:...) but was '" + actor + "'");
            }
        }
        String filter = r.oneOf("filter", null, FILTERS);
        if (filter != null && actor == null) {
            r.problem("param 'filter' only applies to an author's feed ('actor')");
        }
        return new BlueskyParams(actor, q, filter, r.integer("limit", 50, 1, 100), r.integer("max-pages", 3, 1, 20),
                BearerToken.read(r));
    }

    boolean isSearch() {
        return q != null;
    }

    /** The XRPC path and query for one page; {@code cursor} null for the newest page. */
    String pathAndQuery(String cursor) {
        if (isSearch()) {
            // sort=latest: newest first, so the newest page is where new posts are.
            return "/xrpc/app.bsky.feed.searchPosts" + new Query().add("q", q).add("sort", "latest").add("limit", limit).add("cursor", cursor);
        }
        return "/xrpc/app.bsky.feed.getAuthorFeed" + new Query().add("actor", actor).add("limit", limit).add("filter", filter).add("cursor", cursor);
    }
}
