package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.ParamReader;

import java.util.List;
import java.util.Set;

/** Which public channel a source reads, from the source's params. */
record TelegramParams(String channel, int maxPages) {
    static final Set<String> NAMES = Set.of("channel", "max-pages");

    static List<String> problems(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        read(reader);
        return reader.problems();
    }

    static TelegramParams of(SourceSpec spec) {
        ParamReader reader = new ParamReader(spec, NAMES);
        TelegramParams params = read(reader);
        reader.throwIfInvalid();
        return params;
    }

    private static TelegramParams read(ParamReader r) {
        r.urlIsSiteRoot("https://t.me");
        String channel = r.required("channel", "(the public username, as in t.me/<channel>)");
        if (channel != null) {
            channel = channel.replaceFirst("^(https?://)?(t\\.me/(s/)?|@)", "");
            if (!channel.matches("[A-Za-z][A-Za-z0-9_]{3,31}")) {
                r.problem("param 'channel' must be a public channel username (letters, digits, '_') but was '" + channel + "'");
            }
        }
        return new TelegramParams(channel, r.integer("max-pages", 3, 1, 20));
    }

    /** The web preview page: the newest messages, or those older than {@code before}. */
    String path(Long before) {
        return "/s/" + channel + (before == null ? "" : "?before=" + before);
    }
}
