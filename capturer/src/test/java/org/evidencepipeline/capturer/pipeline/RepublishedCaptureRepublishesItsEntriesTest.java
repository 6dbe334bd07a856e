package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.capturer.TestRequests;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose capture is already on file (no browser here, so nothing can be captured anew) publishes the
 * capture's ledger entries again, rebuilt from the provenance record and token on file: the artifacts it names, the
 * record's own bytes and the token's; every republish the same objects.
 */
@QuarkusTest
@TestProfile(CaptureProcessorTest.NoChromium.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class RepublishedCaptureRepublishesItsEntriesTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ArchiveStore store;

    private final EventCodec codec = new EventCodec();

    @Test
    void aCaptureOnFileIsRepublishedWithTheEntriesOfItsRecordEveryTime() throws Exception {
        PageCaptureRequested request = TestRequests.request("telegram:ledgeragain1", "http://127.0.0.1:9/ledger-again");
        byte[] html = "<html>on file</html>".getBytes(StandardCharsets.UTF_8);
        byte[] png = new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        List<PageArtifact> artifacts = List.of(
                new PageArtifact(PageArtifact.HTML_SOURCE, ArchiveStore.contentKey(Hashes.sha256Hex(html)), Hashes.sha256Hex(html), html.length, "text/html"),
                new PageArtifact(PageArtifact.SCREENSHOT, ArchiveStore.contentKey(Hashes.sha256Hex(png)), Hashes.sha256Hex(png), png.length, "image/png"));
        store.ensureBucket();
        store.putEvidenceBytesIfAbsent(artifacts.get(0).objectKey(), html, "text/html");
        store.putEvidenceBytesIfAbsent(artifacts.get(1).objectKey(), png, "image/png");
        byte[] record = codec.write(provenance(request, artifacts));
        store.putEvidenceBytesIfAbsent(ArchiveStore.pageProvenanceKey(request.captureId()), record, "application/json");
        byte[] token = "a time-stamp token an earlier capture stored".getBytes(StandardCharsets.UTF_8);
        store.putEvidenceBytesIfAbsent(ArchiveStore.pageTimestampKey(request.captureId()), token, "application/timestamp-reply");

        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));
        PageArchived archived = probe.readUntil(Topics.PAGES_ARCHIVED,
                        r -> r.stream().anyMatch(x -> request.postId().equals(x.key())), Duration.ofSeconds(60)).records()
                .stream().filter(x -> request.postId().equals(x.key())).map(x -> codec.read(x.value(), PageArchived.class))
                .findFirst().orElseThrow();
        assertThat(archived.outcome()).as("from the record on file").isInstanceOf(PageCaptureOutcome.Captured.class);

        List<LedgerTopic.Keyed> first = LedgerTopic.entriesOf(bootstrap, request.captureId(), 4);
        assertThat(first).hasSize(4);
        assertThat(first).extracting(k -> k.entry().kind()).containsExactly(LedgerEntry.PAGE_ARTIFACT, LedgerEntry.PAGE_ARTIFACT,
                LedgerEntry.PAGE_PROVENANCE, LedgerEntry.TIMESTAMP);
        assertThat(first).extracting(k -> k.entry().key()).containsExactly(artifacts.get(0).objectKey(), artifacts.get(1).objectKey(),
                ArchiveStore.pageProvenanceKey(request.captureId()), ArchiveStore.pageTimestampKey(request.captureId()));
        assertThat(first).extracting(k -> k.entry().sha256()).containsExactly(Hashes.sha256Hex(html), Hashes.sha256Hex(png),
                Hashes.sha256Hex(record), Hashes.sha256Hex(token));
        assertThat(first).extracting(k -> k.entry().size()).containsExactly((long) html.length, (long) png.length,
                (long) record.length, (long) token.length);
        assertThat(first).allSatisfy(k -> {
            assertThat(k.recordKey()).isEqualTo(request.postId());
            assertThat(k.entry().postId()).isEqualTo(request.postId());
            assertThat(k.entry().captureId()).isEqualTo(request.captureId());
        });

        // Asked again: the same objects stated again (only the time they were found durable differs).
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));
        List<LedgerTopic.Keyed> both = LedgerTopic.entriesOf(bootstrap, request.captureId(), 8);
        assertThat(both).hasSize(8);
        for (int i = 0; i < 4; i++) {
            LedgerEntry a = both.get(i).entry();
            LedgerEntry b = both.get(i + 4).entry();
            assertThat(b).usingRecursiveComparison().ignoringFields("time").isEqualTo(a);
        }
        assertThat(TestRequests.object(ArchiveStore.pageProvenanceKey(request.captureId())))
                .as("the record on file is left as it was").isEqualTo(record);
    }

    private static PageProvenance provenance(PageCaptureRequested r, List<PageArtifact> artifacts) {
        ToolInfo tool = new ToolInfo("capturer", "earlier", "1111");
        return new PageProvenance(PageProvenance.SCHEMA_VERSION, PageProvenance.KIND, r.captureId(), r.postId(), r.postVersion(),
                r.platform(), r.collectionIds(), r.pageUrl(), r.pageUrl(), List.of(),
                new PageProvenance.Document(200, "text/html", "127.0.0.1", List.of(), "<urn:uuid:1>"),
                new PageProvenance.Browser("Chromium", "156", "chromedriver 156", "ua", 1280, 800, 1.0, true),
                new PageProvenance.Proxy("capturer-recording-proxy earlier", "cd".repeat(32), 1, 0),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:01Z"), Instant.parse("2026-12-01T00:00:02Z"),
                new PageProvenance.Screenshot(1280, 900, 900, false), artifacts, List.of(), "evidence-archive",
                new KafkaCoordinates(Topics.PAGES_REQUESTED, 0, 0), tool, null,
                PageProvenance.Prov.of(r.captureId(), tool, r.pageUrl(), artifacts));
    }
}
