package org.evidencepipeline.collector.source.mastodon;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.BearerToken;
import org.evidencepipeline.collector.source.ParamReader;
import org.evidencepipeline.collector.source.Query;

import java.util.List;
import java.util.Set;

/** Which timeline of an instance a source reads, and how, from the source's params. */
record MastodonParams(String timeline, String tag, List<String> any, List<String> all, List<String> none,
                      String accountId, boolean local, int limit, int maxPages, BearerToken.Ref token) {
    static final Set<String> NAMES = Set.of("timeline", "tag", "any", "all", "none", "account-id", "local", "limit",
            "max-pages", BearerToken.PARAM, BearerToken.FILE_PARAM);
    static final Set<String> TIMELINES = Set.of("public", "tag", "account");
    /** Mastodon's own maximum page size for statuses. */
    static final int MAX_LIMIT = 40;

    static List<String> problems(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        read(reader);
        return reader.problems();
    }

    static MastodonParams of(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        MastodonParams params = read(reader);
        reader.throwIfInvalid();
        return params;
    }

    private static MastodonParams read(ParamReader r) {
        r.urlIsSiteRoot("https://mastodon.social");
        String timeline = r.oneOf("timeline", r.optional("tag") != null ? "tag" : r.optional("account-id") != null ? "account" : "public", TIMELINES);
        String tag = stripHash(r.optional("tag"));
        List<String> any = r.list("any").stream().map(MastodonParams::stripHash).toList();
        List<String> all = r.list("all").stream().map(MastodonParams::stripHash).toList();
        List<String> none = r.list("none").stream().map(MastodonParams::stripHash).toList();
        String accountId = r.optional("account-id");
        if (timeline.equals("tag") && tag == null) {
            r.problem("param 'tag' is required for timeline 'tag'");
        }
        if (!timeline.equals("tag") && (tag != null || !any.isEmpty() || !all.isEmpty() || !none.isEmpty())) {
            r.problem("params 'tag', 'any', 'all' and 'none' only apply to timeline 'tag'");
        }
        if (timeline.equals("account") && accountId == null) {
            r.problem("param 'account-id' is required for timeline 'account' (the numeric id, not the @handle)");
        }
        if (!timeline.equals("account") && accountId != null) {
            r.problem("param 'account-id' only applies to timeline 'account'");
        }
        if (accountId != null && !accountId.matches("[0-9A-Za-z]+")) {
            r.problem("param 'account-id' must be the account's id (look it up with /api/v1/accounts/lookup?acct=...) but was '" + accountId + "'");
        }
        boolean local = r.bool("local", false);
        if (timeline.equals("account") && r.optional("local") != null) {
            r.problem("param 'local' only applies to timelines 'public' and 'tag'");
        }
        return new MastodonParams(timeline, tag, any, all, none, accountId, local,
                r.integer("limit", MAX_LIMIT, 1, MAX_LIMIT), r.integer("max-pages", 3, 1, 20), BearerToken.read(r));
    }

    /** The API path and query for one page; {@code minId} null for the newest page. */
    String pathAndQuery(String minId) {
        String path = switch (timeline) {
            case "tag" -> "/api/v1/timelines/tag/" + Query.encode(tag);
            case "account" -> "/api/v1/accounts/" + Query.encode(accountId) + "/statuses";
            default -> "/api/v1/timelines/public";
        };
        Query q = new Query().add("limit", limit);
        any.forEach(t -> q.add("any[]", t));
        all.forEach(t -> q.add("all[]", t));
        none.forEach(t -> q.add("none[]", t));
        if (local) {
            q.add("local", "true");
        }
        q.add("min_id", minId);
        return path + q;
    }

    private static String stripHash(String tag) {
        return tag == null ? null : tag.startsWith("#") ? tag.substring(1) : tag;
    }
}
