package org.evidencepipeline.collector.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response is stored only when it yields a new post version: polled again unchanged (a 200 with the same body,
 * the page sends no validators), it is counted as {@code collector.fetches.nothing.new} and no object is written.
 */
class FetchesThatYieldNothingNewAreCountedNotStoredTest {
    @Test
    void aSecondPollOfUnchangedContentIsCountedAndWritesNoObject(@TempDir Path dir) throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            rig.serve(JsonLinesAdapter.line("1", "Перша", "2026-11-20T08:00:00Z"), JsonLinesAdapter.line("2", "Друга", "2026-11-20T09:00:00Z"));

            assertThat(rig.poll(rig.source("news")).published()).isEqualTo(2);
            assertThat(rig.counter("collector.fetches.preserved", "news")).isEqualTo(1);
            assertThat(rig.counter("collector.fetches.nothing.new", "news")).isZero();
            List<String> objects = rig.fetchObjects();
            assertThat(objects).hasSize(1);
            List<String> files = blobs(rig);

            SourceRunner.Outcome again = rig.poll(rig.source("news"));

            assertThat(again.published()).isZero();
            assertThat(again.unchanged()).isEqualTo(2);
            assertThat(again.notModified()).as("a full 200, not a 304").isFalse();
            assertThat(rig.page.requests(EvidenceRig.PAGE)).hasSize(2);
            assertThat(rig.counter("collector.fetches.nothing.new", "news")).isEqualTo(1);
            assertThat(rig.counter("collector.fetches.preserved", "news")).isEqualTo(1);
            assertThat(rig.fetchObjects()).isEqualTo(objects);
            assertThat(blobs(rig)).as("nothing written in the store at all").isEqualTo(files);
            assertThat(rig.published()).hasSize(2);
        }
    }

    /** Every file of the S3 backend with its size and modification time. */
    private static List<String> blobs(EvidenceRig rig) throws Exception {
        try (Stream<Path> all = Files.walk(rig.archive.s3().blobDir())) {
            return all.filter(Files::isRegularFile).sorted().map(f -> {
                try {
                    return f + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
