package org.evidencepipeline.collector.collection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionsFileTest {
    private final CollectionValidator validator = new CollectionValidator(Set.of("rss"));

    @Test
    void readsCollectionsWithSourcesKeywordsAndIntervals(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("collections.yaml");
        Files.writeString(file, """
                collections:
                  - id: kharkiv-watch
                    name: Kharkiv
                    keywords: [Харків, Kharkiv]
                    sources:
                      - id: kharkiv-news
                        type: rss
                        url: https://news.example.org/rss
                        interval: PT5M
                  - id: all-news
                    name: Everything from the news site
                    sources:
                      - id: kharkiv-news
                        type: rss
                        url: https://news.example.org/rss
                """);
        List<Collection> collections = new CollectionsFile().read(file, validator);
        assertThat(collections).extracting(Collection::id).containsExactly("kharkiv-watch", "all-news");
        assertThat(collections.get(0).sources().get(0).interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(collections.get(0).catches("Вибухи у Харкові", null)).isFalse();
        assertThat(collections.get(0).catches(null, "новини: харків")).isTrue();
        assertThat(collections.get(1).catches("anything", "")).isTrue();
    }

    @Test
    void misspeltKeyIsAnErrorNotASilentlyWiderCollection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                collections:
                  - id: c1
                    keyword: [Kharkiv]
                    sources: [{id: s1, type: rss, url: "https://x.example/rss"}]
                """);
        assertThatThrownBy(() -> new CollectionsFile().read(file, validator))
                .isInstanceOf(InvalidCollectionException.class)
                .hasMessageContaining("keyword");
    }

    @Test
    void everyProblemIsListed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                collections:
                  - id: Bad Id
                    sources:
                      - {id: s1, type: carrier-pigeon, url: "ftp://x.example/"}
                      - {id: s1, type: rss, url: "https://x.example/rss", interval: PT0.1S}
                """);
        assertThatThrownBy(() -> new CollectionsFile().read(file, validator))
                .isInstanceOfSatisfying(InvalidCollectionException.class, e -> assertThat(e.problems()).hasSize(6)
                        .anyMatch(p -> p.contains("id 'Bad Id'"))
                        .anyMatch(p -> p.contains("type 'carrier-pigeon' is not one of [rss]"))
                        .anyMatch(p -> p.contains("must be an absolute http(s) URL"))
                        .anyMatch(p -> p.contains("is used twice"))
                        .anyMatch(p -> p.contains("shorter than"))
                        .anyMatch(p -> p.contains("names two different sources")));
    }

    @Test
    void oneSourceIdForTwoDifferentUrlsIsRefused() {
        Collection a = new Collection("a", null, null, List.of(new SourceSpec("s", "rss", "https://a.example/rss", null, null)), null);
        Collection b = new Collection("b", null, null, List.of(new SourceSpec("s", "rss", "https://b.example/rss", null, null)), null);
        assertThat(validator.problems(List.of(a, b))).anyMatch(p -> p.contains("names two different sources"));
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> new CollectionsFile().read(dir.resolve("nope.yaml"), validator))
                .hasMessageContaining("file does not exist");
    }
}
