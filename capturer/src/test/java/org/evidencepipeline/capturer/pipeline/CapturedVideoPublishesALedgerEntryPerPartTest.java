package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.capturer.TestRequests;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.evidencepipeline.testsupport.video.StreamServer;
import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream captured and muxed by the running capturer (the video consumer's application: real broker, S3 server and
 * ffmpeg) puts one ledger entry per stored part, one for the muxed file and one for the provenance record on
 * {@code ledger.entries.v1}, keyed by post id, each stating the object as the archive holds it.
 */
@QuarkusTest
@TestProfile(CaptureProcessorTest.NoChromium.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class CapturedVideoPublishesALedgerEntryPerPartTest {
    static StreamServer server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyPartTheMuxedFileAndTheProvenanceGetAnEntryWithTheStoredObjectsHashAndSize() throws Exception {
        Assumptions.assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg is needed to make and mux the stream");
        Path dir = Files.createTempDirectory("video-ledger-test");
        VideoStreams.BlueskyVideo bsky = VideoStreams.bluesky(dir.resolve("bsky"), 2);
        server = StreamServer.start().serveDirectory("/watch", bsky.dir());
        VideoCaptureRequested request = new VideoCaptureRequested(VideoCaptureRequested.SCHEMA_VERSION, "bsky:ledger1", 1,
                "bluesky", "https://bsky.app/profile/x/post/ledger1", server.url("/watch/" + bsky.playlist()),
                VideoCaptureRequested.HLS, List.of("kharkiv"), Instant.now(), new ToolInfo("collector", "test", "1111"));
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.VIDEOS_REQUESTED, request.postId(), codec.write(request));
        VideoArchived record = probe.readUntil(Topics.VIDEOS_ARCHIVED,
                        r -> r.stream().anyMatch(x -> request.postId().equals(x.key())), Duration.ofSeconds(90)).records()
                .stream().filter(x -> request.postId().equals(x.key())).map(x -> codec.read(x.value(), VideoArchived.class))
                .findFirst().orElseThrow(() -> new AssertionError("no video record"));
        assertThat(record.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
        VideoProvenance p = record.provenance();
        assertThat(p.muxed()).as("muxed by ffmpeg").isNotNull();

        List<String> expectedKeys = new ArrayList<>(p.parts().stream().map(VideoPart::objectKey).toList());
        expectedKeys.add(p.muxed().objectKey());
        List<LedgerTopic.Keyed> published = LedgerTopic.entriesOf(bootstrap, request.captureId(), expectedKeys.size() + 1);
        assertThat(published).as("one per part, one for the muxed file, one for the provenance; no TSA here")
                .hasSize(expectedKeys.size() + 1);
        assertThat(published).allSatisfy(k -> {
            assertThat(k.recordKey()).isEqualTo(request.postId());
            assertThat(k.entry().postId()).isEqualTo(request.postId());
            assertThat(k.entry().postVersion()).isEqualTo(1);
            assertThat(k.entry().collectionIds()).containsExactly("kharkiv");
        });
        List<LedgerEntry> parts = published.stream().map(LedgerTopic.Keyed::entry)
                .filter(e -> LedgerEntry.VIDEO_PART.equals(e.kind())).toList();
        assertThat(parts).extracting(LedgerEntry::key).containsExactlyElementsOf(expectedKeys);
        for (LedgerEntry e : parts) {
            byte[] stored = TestRequests.object(e.key());
            assertThat(e.sha256()).as(e.key()).isEqualTo(Hashes.sha256Hex(stored));
            assertThat(e.size()).as(e.key()).isEqualTo(stored.length);
        }
        LedgerEntry provenance = published.stream().map(LedgerTopic.Keyed::entry)
                .filter(e -> LedgerEntry.VIDEO_PROVENANCE.equals(e.kind())).findFirst().orElseThrow();
        byte[] onFile = TestRequests.object(ArchiveStore.videoProvenanceKey(request.captureId()));
        assertThat(provenance.sha256()).isEqualTo(Hashes.sha256Hex(onFile));
        assertThat(provenance.size()).isEqualTo(onFile.length);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("capturer_ledger_entries_published_total{kind=\"video-part\"")
                .contains("capturer_ledger_entries_published_total{kind=\"video-provenance\"");
    }
}
