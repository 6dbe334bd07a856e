package org.evidencepipeline.collector.collection;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;
import java.util.Locale;

/**
 * What a researcher watches: a set of sources, optionally narrowed by keywords (a post is caught
 * when its title or text contains any keyword, case-insensitively; no keywords catches everything),
 * and whether the pages of the posts it catches are captured in a browser ({@link PageCapture}).
 */
public record Collection(String id, String name, String description, List<SourceSpec> sources, List<String> keywords,
                         PageCapture capture) {
    @JsonCreator
    public Collection {
        sources = sources == null ? List.of() : List.copyOf(sources);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        capture = capture == null ? PageCapture.DEFAULT : capture;
    }

    /** A collection with the default {@code capture} block (pages on, {@value PageCapture#DEFAULT_HOST_PAGES_PER_MINUTE} a minute per host). */
    public Collection(String id, String name, String description, List<SourceSpec> sources, List<String> keywords) {
        this(id, name, description, sources, keywords, null);
    }

    public boolean catches(String title, String text) {
        if (keywords.isEmpty()) {
            return true;
        }
        String haystack = ((title == null ? "" : title) + "\n" + (text == null ? "" : text)).toLowerCase(Locale.ROOT);
        for (String k : keywords) {
            if (haystack.contains(k.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
