package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.capturer.TestRequests;
import org.evidencepipeline.capturer.browser.ChromiumInstall;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
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
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running capturer, on the real broker and S3 server, where no Chromium is installed (a configured path that does
 * not exist): what happens to a request before any browser is involved.
 */
@QuarkusTest
@TestProfile(CaptureProcessorTest.NoChromium.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class CaptureProcessorTest {
    public static class NoChromium implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("capturer.browser.chromium", "/nonexistent/chromium",
                    "capturer.browser.chromedriver", "/nonexistent/chromedriver");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ArchiveStore store;

    private final EventCodec codec = new EventCodec();

    private PageArchived archivedFor(TopicProbe probe, String postId) {
        List<TopicProbe.Read> records = probe.readUntil(Topics.PAGES_ARCHIVED,
                r -> r.stream().anyMatch(x -> postId.equals(x.key())), Duration.ofSeconds(60)).records();
        return records.stream().filter(x -> postId.equals(x.key())).map(x -> codec.read(x.value(), PageArchived.class))
                .findFirst().orElseThrow(() -> new AssertionError("no page record for " + postId));
    }

    @Test
    void aPageOnAPrivateAddressIsRefusedWithTheReason() {
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested request = TestRequests.request("telegram:private1", "http://10.20.30.40/admin");
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));

        PageArchived record = archivedFor(probe, request.postId());
        assertThat(record.outcome()).isInstanceOfSatisfying(PageCaptureOutcome.Refused.class, r -> {
            assertThat(r.pageUrl()).isEqualTo(request.pageUrl());
            assertThat(r.reason()).contains("10.20.30.40");
        });
        assertThat(record.provenance()).isNull();
        assertThat(record.postVersion()).isEqualTo(1);
        assertThat(record.collectionIds()).containsExactly("kharkiv");
        assertThat(record.input().topic()).isEqualTo(Topics.PAGES_REQUESTED);
        assertThat(record.capturer().name()).isEqualTo("capturer");
    }

    @Test
    void withoutChromiumEveryPageIsSkippedWithTheInstallLine() {
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested request = TestRequests.request("telegram:nochromium1", "http://127.0.0.1:9/page");
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));

        PageArchived record = archivedFor(probe, request.postId());
        assertThat(record.outcome()).isInstanceOfSatisfying(PageCaptureOutcome.Skipped.class,
                s -> assertThat(s.reason()).isEqualTo(ChromiumInstall.MISSING));
    }

    @Test
    void withoutChromiumTheServiceStaysReadyAndSaysWhyPagesAreSkipped() {
        String health = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(health).contains("\"page-capture\"").contains("\"browser\": \"off\"").contains("apt-get install -y chromium");
    }

    @Test
    void anInvalidRecordIsDeadLetteredWithTheReason() {
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.PAGES_REQUESTED, "junk-page", "{\"schemaVersion\":1,\"postId\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        TopicProbe.Read dead = probe.readUntil(Topics.DEAD_LETTER_CAPTURER,
                        r -> r.stream().anyMatch(x -> "junk-page".equals(x.key())), Duration.ofSeconds(60)).records()
                .stream().filter(x -> "junk-page".equals(x.key())).findFirst().orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("not a valid PageCaptureRequested");
        assertThat(dead.valueAsString()).as("dead-lettered intact").isEqualTo("{\"schemaVersion\":1,\"postId\":\"x\"}");
    }

    @Test
    void aRequestWhosePageIsAlreadyCapturedIsRepublishedFromItsProvenance() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        // No browser here, so a Captured outcome can only come from the provenance already on file.
        PageCaptureRequested request = TestRequests.request("telegram:again1", "http://127.0.0.1:9/again");
        PageProvenance earlier = provenance(request);
        store.ensureBucket();
        store.putEvidenceBytesIfAbsent(ArchiveStore.pageProvenanceKey(request.captureId()), codec.write(earlier), "application/json");
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));

        PageArchived record = archivedFor(probe, request.postId());
        assertThat(record.outcome()).isInstanceOfSatisfying(PageCaptureOutcome.Captured.class, c -> {
            assertThat(c.captureId()).isEqualTo(request.captureId());
            assertThat(c.finalUrl()).isEqualTo(earlier.finalUrl());
            assertThat(c.artifacts()).isEqualTo(earlier.artifacts());
            assertThat(c.provenanceKey()).isEqualTo(ArchiveStore.pageProvenanceKey(request.captureId()));
        });
        assertThat(record.provenance()).isEqualTo(earlier);
        assertThat(TestRequests.object(ArchiveStore.pageProvenanceKey(request.captureId())))
                .as("the record on file is left as it was").isEqualTo(codec.write(earlier));
    }

    private static PageProvenance provenance(PageCaptureRequested r) {
        String sha = "ab".repeat(32);
        List<PageArtifact> artifacts = List.of(new PageArtifact(PageArtifact.HTML_SOURCE, ArchiveStore.contentKey(sha), sha, 10, "text/html"));
        ToolInfo tool = new ToolInfo("capturer", "earlier", "1111");
        return new PageProvenance(PageProvenance.SCHEMA_VERSION, PageProvenance.KIND, r.captureId(), r.postId(), r.postVersion(),
                r.platform(), r.collectionIds(), r.pageUrl(), r.pageUrl() + "?final", List.of(r.pageUrl() + "?final"),
                new PageProvenance.Document(200, "text/html", "127.0.0.1", List.of(), "<urn:uuid:1>"),
                new PageProvenance.Browser("Chromium", "156", "chromedriver 156", "ua", 1280, 800, 1.0, true),
                new PageProvenance.Proxy("capturer-recording-proxy earlier", "cd".repeat(32), 3, 0),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:01Z"), Instant.parse("2026-12-01T00:00:02Z"),
                new PageProvenance.Screenshot(1280, 900, 900, false), artifacts, List.of(), "evidence-archive",
                new KafkaCoordinates(Topics.PAGES_REQUESTED, 0, 0), tool, null,
                PageProvenance.Prov.of(r.captureId(), tool, r.pageUrl() + "?final", artifacts));
    }
}
