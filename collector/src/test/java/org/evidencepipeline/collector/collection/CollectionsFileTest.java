package org.evidencepipeline.collector.collection;

import org.evidencepipeline.collector.source.mastodon.MastodonAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    void adapterParamsAreCheckedWhenTheCollectionIsRead(@TempDir Path dir) throws Exception {
        CollectionValidator withParamChecks = new CollectionValidator(Set.of("mastodon"),
                Map.of("mastodon", new MastodonAdapter(null, Clock.systemUTC(), name -> null)::paramProblems));
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, """
                collections:
                  - id: c1
                    sources:
                      - {id: s1, type: mastodon, url: "https://mastodon.example", params: {tag: Харків, limit: 20, local: true}}
                """);
        assertThat(new CollectionsFile().read(good, withParamChecks).get(0).sources().get(0).params())
                .as("YAML numbers and booleans arrive as strings").containsEntry("limit", "20").containsEntry("local", "true");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                collections:
                  - id: c1
                    sources:
                      - {id: s1, type: mastodon, url: "https://mastodon.example", params: {timeline: tag, tga: x}}
                """);
        assertThatThrownBy(() -> new CollectionsFile().read(bad, withParamChecks))
                .isInstanceOfSatisfying(InvalidCollectionException.class, e -> assertThat(e.problems()).hasSize(2)
                        .anyMatch(p -> p.startsWith("collection 'c1' sources[0]: param 'tga' is not one of"))
                        .anyMatch(p -> p.equals("collection 'c1' sources[0]: param 'tag' is required for timeline 'tag'")));
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> new CollectionsFile().read(dir.resolve("nope.yaml"), validator))
                .hasMessageContaining("file does not exist");
    }
}
