package org.evidencepipeline.collector.source.reddit;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.BearerToken;
import org.evidencepipeline.collector.source.ParamReader;
import org.evidencepipeline.collector.source.Query;

import java.util.List;
import java.util.Set;

/** Which subreddit a source reads, and how, from the source's params. */
record RedditParams(String subreddit, int limit, int maxPages, BearerToken.Ref token) {
    static final Set<String> NAMES = Set.of("subreddit", "limit", "max-pages", BearerToken.PARAM, BearerToken.FILE_PARAM);
    /** Reddit's own maximum listing page. */
    static final int MAX_LIMIT = 100;

    static List<String> problems(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        read(reader);
        return reader.problems();
    }

    static RedditParams of(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        RedditParams params = read(reader);
        reader.throwIfInvalid();
        return params;
    }

    private static RedditParams read(ParamReader r) {
        r.urlIsSiteRoot("https://www.reddit.com");
        String subreddit = r.required("subreddit", "(the name after /r/, e.g. ukraine)");
        if (subreddit != null) {
            subreddit = subreddit.replaceFirst("^/?r/", "");
            // Reddit's own rule for names; '+' joins several into one listing (r/ukraine+kharkiv).
            if (!subreddit.matches("[A-Za-z0-9][A-Za-z0-9_]{1,20}(\\+[A-Za-z0-9][A-Za-z0-9_]{1,20})*")) {
                r.problem("param 'subreddit' must be a subreddit name (letters, digits, '_'; several joined by '+') but was '" + subreddit + "'");
            }
        }
        return new RedditParams(subreddit, r.integer("limit", MAX_LIMIT, 1, MAX_LIMIT), r.integer("max-pages", 3, 1, 20),
                BearerToken.read(r));
    }

    /**
     * The listing of the newest posts; {@code before} (a fullname) asks for the page immediately newer than
     * that post. {@code raw_json=1} makes Reddit send text and URLs without HTML escaping.
     */
    String pathAndQuery(String before) {
        return "/r/" + subreddit + "/new.json" + new Query().add("raw_json", "1").add("limit", limit).add("before", before);
    }
}
