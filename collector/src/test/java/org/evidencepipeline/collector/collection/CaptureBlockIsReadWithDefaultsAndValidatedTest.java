package org.evidencepipeline.collector.collection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A collection's {@code capture} block: defaults when absent or partial, values as given, a clear error when wrong. */
class CaptureBlockIsReadWithDefaultsAndValidatedTest {
    private final CollectionValidator validator = new CollectionValidator(Set.of("rss"));

    @Test
    void withoutACaptureBlockPagesAreOnAtSixPerMinutePerHost(@TempDir Path dir) throws Exception {
        List<Collection> read = read(dir, "");
        assertThat(read.get(0).capture()).isEqualTo(new PageCapture(true, 6));
    }

    @Test
    void givenValuesAreReadAndAMissingKeyTakesItsDefault(@TempDir Path dir) throws Exception {
        assertThat(read(dir, """
                    capture:
                      pages: false
                      host-pages-per-minute: 2
                """).get(0).capture()).isEqualTo(new PageCapture(false, 2));
        assertThat(read(dir, """
                    capture: {host-pages-per-minute: 1}
                """).get(0).capture()).isEqualTo(new PageCapture(true, 1));
        assertThat(read(dir, """
                    capture: {pages: false}
                """).get(0).capture()).isEqualTo(new PageCapture(false, 6));
    }

    @Test
    void videosAreOnByDefaultAndOffWhenSaid(@TempDir Path dir) throws Exception {
        assertThat(read(dir, "").get(0).capture().videos()).isTrue();
        assertThat(read(dir, "    capture: {pages: false}\n").get(0).capture().videos()).isTrue();
        assertThat(read(dir, "    capture: {videos: false}\n").get(0).capture())
                .isEqualTo(new PageCapture(true, 6, false));
        assertThat(read(dir, "    capture: {pages: false, videos: true}\n").get(0).capture())
                .isEqualTo(new PageCapture(false, 6, true));
    }

    @Test
    void aVideosValueThatIsNoBooleanIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, "    capture: {videos: lots}\n"))
                .isInstanceOf(InvalidCollectionException.class).hasMessageContaining("not a valid collections file");
        assertThatThrownBy(() -> read(dir, "    capture: {video: false}\n"))
                .isInstanceOf(InvalidCollectionException.class).hasMessageContaining("video");
    }

    @Test
    void aRateBelowOneIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
        for (String rate : List.of("0", "-3")) {
            assertThatThrownBy(() -> read(dir, "    capture: {host-pages-per-minute: " + rate + "}\n"))
                    .isInstanceOfSatisfying(InvalidCollectionException.class, e -> assertThat(e.problems()).containsExactly(
                            "collection 'c1': capture.host-pages-per-minute " + rate
                                    + " must be at least 1 (set capture.pages: false to capture no pages)"));
        }
    }

    @Test
    void aMisspeltOrMistypedCaptureKeyIsAnError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> read(dir, "    capture: {page: false}\n"))
                .isInstanceOf(InvalidCollectionException.class).hasMessageContaining("page");
        assertThatThrownBy(() -> read(dir, "    capture: {host-pages-per-minute: lots}\n"))
                .isInstanceOf(InvalidCollectionException.class).hasMessageContaining("not a valid collections file");
    }

    @Test
    void theRegistryRefusesARateBelowOneFromTheApiToo() {
        CollectionRegistry registry = new CollectionRegistry(validator);
        Collection bad = new Collection("c1", null, null, List.of(new SourceSpec("s1", "rss", "https://x.example/rss", null, null)),
                List.of(), new PageCapture(true, 0));
        assertThatThrownBy(() -> registry.put(bad)).isInstanceOf(InvalidCollectionException.class)
                .hasMessageContaining("capture.host-pages-per-minute 0 must be at least 1");
        assertThat(registry.all()).isEmpty();
    }

    private List<Collection> read(Path dir, String captureBlock) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                collections:
                  - id: c1
                    sources: [{id: s1, type: rss, url: "https://x.example/rss"}]
                """ + captureBlock);
        return new CollectionsFile().read(file, validator);
    }
}
