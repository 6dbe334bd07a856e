package org.evidencepipeline.enricher.feeds;

import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which researcher topic feeds an enriched post goes to: the feed of every collection that
 * caught it, plus that collection's language feed when the collection has a language filter that
 * includes the post's language. A post tagged {@code und} goes to no language feed.
 */
public final class FeedRouter {
    private final boolean enabled;
    private final Map<String, Set<String>> languagesByCollection;

    public FeedRouter(boolean enabled, Map<String, List<String>> languagesByCollection) {
        this.enabled = enabled;
        this.languagesByCollection = languagesByCollection.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }

    public List<String> topics(PostEnriched post) {
        List<String> topics = new ArrayList<>();
        if (!enabled) {
            return topics;
        }
        String language = post.language().code();
        for (String collection : post.post().collectionIds()) {
            topics.add(Topics.collectionFeed(collection));
            if (languagesByCollection.getOrDefault(collection, Set.of()).contains(language)) {
                topics.add(Topics.collectionLanguageFeed(collection, language));
            }
        }
        return topics;
    }
}
