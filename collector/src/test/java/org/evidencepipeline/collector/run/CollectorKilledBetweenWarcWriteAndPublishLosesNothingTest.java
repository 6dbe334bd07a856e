package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.contracts.PostCollected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: the collector ({@link HaltingCollector}, a child JVM with the real runner, producer, cursor
 * store and S3 fetch archive) dies the moment the fetch WARC is written, before anything is published. A fresh
 * collector process then polls the unchanged page: exactly one WARC object under {@code fetches/}, every post on the
 * real topic exactly once, each pointing at that object, and the object is the one the killed process wrote.
 */
class CollectorKilledBetweenWarcWriteAndPublishLosesNothingTest {
    static final String[] PAGE = {
            JsonLinesAdapter.line("1", "Вибух у Харкові", "2026-11-20T08:00:00Z"),
            JsonLinesAdapter.line("2", "Зруйновано школу", "2026-11-20T09:00:00Z"),
            JsonLinesAdapter.line("3", "Оновлення о 10:00", "2026-11-20T10:00:00Z")};

    @TempDir
    Path dir;

    @Test
    void aCollectorKilledAfterTheWarcWriteAndBeforeThePublishLosesNoPostAndDuplicatesNoWarcObject() throws Exception {
        try (EvidenceRig rig = EvidenceRig.start(dir)) {
            rig.serve(PAGE);

            Run killed = run(rig, "killed", "halt");
            assertThat(killed.status()).as("killed at the WARC write\n" + killed.output()).isEqualTo(HaltingCollector.HALT_STATUS);
            assertThat(killed.output()).contains("halting after writing fetches/");
            List<String> objects = rig.fetchObjects();
            assertThat(objects).as("the WARC was written before the kill").hasSize(1);
            byte[] written = rig.archive.store().get(objects.get(0)).orElseThrow();
            assertThat(rig.published()).as("nothing published before the kill").isEmpty();
            SourceCursor cursor = rig.cursor("news");
            assertThat(cursor.position()).as("cursor never saved").isNull();
            assertThat(cursor.seen()).isEmpty();

            Run restarted = run(rig, "restarted", "run");
            assertThat(restarted.status()).as(restarted.output()).isZero();
            assertThat(restarted.output()).contains("published=3");

            assertThat(rig.fetchObjects()).as("no second WARC object").isEqualTo(objects);
            assertThat(rig.archive.store().get(objects.get(0)).orElseThrow()).as("the object the killed process wrote").isEqualTo(written);
            List<PostCollected> posts = rig.published();
            assertThat(posts).as("every post exactly once").extracting(PostCollected::postId)
                    .containsExactlyInAnyOrder("jsonlines:1", "jsonlines:2", "jsonlines:3");
            byte[] served = (String.join("\n", PAGE) + "\n").getBytes(StandardCharsets.UTF_8);
            for (PostCollected p : posts) {
                assertThat(p.source()).as("evidence of " + p.postId()).isNotNull();
                assertThat(p.source().warcKey()).isEqualTo(objects.get(0));
                rig.archive.assertItemIsSliceOf(p.source(), served);
            }
            assertThat(rig.cursor("news").position()).isEqualTo("3");

            Run again = run(rig, "again", "run");
            assertThat(again.status()).as(again.output()).isZero();
            assertThat(again.output()).contains("published=0 unchanged=3");
            assertThat(rig.published()).hasSize(3);
            assertThat(rig.fetchObjects()).isEqualTo(objects);
        }
    }

    record Run(int status, String output) {
    }

    private Run run(EvidenceRig rig, String name, String mode) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path"),
                HaltingCollector.class.getName(), rig.kafka.bootstrapServers(), rig.archive.s3().endpoint(), rig.page.url(EvidenceRig.PAGE),
                "news", mode)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not end: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
