package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.ParamReader;

import java.util.List;
import java.util.Set;

/**
 * Which public channel a source reads, from the source's params. {@code language} is the channel's language as
 * whoever configured the collection knows it (Telegram's preview declares none); it travels as each post's
 * {@code languageHint}, evidence the enricher weighs beside the text and records as such, never instead of it.
 */
record TelegramParams(String channel, int maxPages, String language) {
    static final Set<String> NAMES = Set.of("channel", "max-pages", "language");

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
        String language = r.optional("language");
        if (language != null && !language.matches("[a-z]{2}")) {
            r.problem("param 'language' must be an ISO 639-1 code such as 'uk' but was '" + language + "'");
        }
        return new TelegramParams(channel, r.integer("max-pages", 3, 1, 20), language);
    }

    /** The web preview page: the newest messages, or those older than {@code before}. */
    String path(Long before) {
        return "/s/" + channel + (before == null ? "" : "?before=" + before);
    }
}
