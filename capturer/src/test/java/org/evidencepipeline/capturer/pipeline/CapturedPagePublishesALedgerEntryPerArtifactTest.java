package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.capturer.TestRequests;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page captured by the running capturer (the end-to-end test's application: real broker, S3 server and Chromium)
 * puts one ledger entry per stored artifact and one for its provenance record on {@code ledger.entries.v1}, keyed by
 * post id, each stating the object as the archive holds it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class CapturedPagePublishesALedgerEntryPerArtifactTest {
    static FeedReplayServer site;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startSite() {
        site = FeedReplayServer.start();
        site.serve("/post/ledger", "<!doctype html><html><body><p>ledgered page</p></body></html>", "text/html; charset=utf-8");
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void everyArtifactAndTheProvenanceGetAnEntryWithTheStoredObjectsHashAndSize() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested request = TestRequests.request("telegram:ledger1", site.url("/post/ledger"));
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));
        PageArchived record = probe.readUntil(Topics.PAGES_ARCHIVED,
                        r -> r.stream().anyMatch(x -> request.postId().equals(x.key())), Duration.ofSeconds(120)).records()
                .stream().filter(x -> request.postId().equals(x.key())).map(x -> codec.read(x.value(), PageArchived.class))
                .findFirst().orElseThrow(() -> new AssertionError("no page record"));
        assertThat(record.outcome()).isInstanceOf(PageCaptureOutcome.Captured.class);
        List<PageArtifact> artifacts = record.provenance().artifacts();
        assertThat(artifacts).hasSize(5);

        List<LedgerTopic.Keyed> published = LedgerTopic.entriesOf(bootstrap, request.captureId(), artifacts.size() + 1);
        assertThat(published).as("one per artifact, one for the provenance; no TSA here, so no token")
                .hasSize(artifacts.size() + 1);
        assertThat(published).allSatisfy(k -> {
            assertThat(k.recordKey()).as("keyed by post id: a post's entries share a shard").isEqualTo(request.postId());
            LedgerEntry e = k.entry();
            assertThat(e.postId()).isEqualTo(request.postId());
            assertThat(e.postVersion()).isEqualTo(request.postVersion());
            assertThat(e.collectionIds()).isEqualTo(request.collectionIds());
            assertThat(e.within()).isNull();
            assertThat(e.time()).isAfterOrEqualTo(record.provenance().endedAt());
        });
        List<LedgerEntry> artifactEntries = published.stream().map(LedgerTopic.Keyed::entry)
                .filter(e -> LedgerEntry.PAGE_ARTIFACT.equals(e.kind())).toList();
        assertThat(artifactEntries).extracting(LedgerEntry::key)
                .containsExactlyInAnyOrderElementsOf(artifacts.stream().map(PageArtifact::objectKey).toList());
        for (LedgerEntry e : artifactEntries) {
            byte[] stored = TestRequests.object(e.key());
            assertThat(e.sha256()).as(e.key()).isEqualTo(Hashes.sha256Hex(stored));
            assertThat(e.size()).as(e.key()).isEqualTo(stored.length);
        }
        LedgerEntry provenance = published.stream().map(LedgerTopic.Keyed::entry)
                .filter(e -> LedgerEntry.PAGE_PROVENANCE.equals(e.kind())).findFirst().orElseThrow();
        byte[] onFile = TestRequests.object(ArchiveStore.pageProvenanceKey(request.captureId()));
        assertThat(provenance.key()).isEqualTo(ArchiveStore.pageProvenanceKey(request.captureId()));
        assertThat(provenance.sha256()).isEqualTo(Hashes.sha256Hex(onFile));
        assertThat(provenance.size()).isEqualTo(onFile.length);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("capturer_ledger_entries_published_total{kind=\"page-artifact\"")
                .contains("capturer_ledger_entries_published_total{kind=\"page-provenance\"");
    }
}
