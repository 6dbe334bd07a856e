package org.evidencepipeline.collector.collection;

import java.util.List;
import java.util.Locale;

/**
 * What a researcher watches: a set of sources, optionally narrowed by keywords (a post is caught
 * when its title or text contains any keyword, case-insensitively; no keywords catches everything).
 */
public record Collection(String id, String name, String description, List<SourceSpec> sources, List<String> keywords) {
    public Collection {
        sources = sources == null ? List.of() : List.copyOf(sources);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
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
