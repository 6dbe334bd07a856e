package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.evidencepipeline.testsupport.video.StreamServer;
import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running capturer's video consumer on the real broker and S3 server (the page tests' profile, so one application
 * serves both): a request in, its record out keyed by post id, the input's offset committed once it is published; a
 * record that is no request dead-lettered with the reason.
 */
@QuarkusTest
@TestProfile(CaptureProcessorTest.NoChromium.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class VideoCaptureProcessorTest {
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

    private static VideoCaptureRequested request(String postId, String streamUrl) {
        return new VideoCaptureRequested(VideoCaptureRequested.SCHEMA_VERSION, postId, 1, "bluesky",
                "https://bsky.app/profile/x/post/" + postId, streamUrl, VideoCaptureRequested.HLS, List.of("kharkiv"),
                Instant.now(), new ToolInfo("collector", "test", "1111"));
    }

    private VideoArchived archivedFor(TopicProbe probe, String postId) {
        return probe.readUntil(Topics.VIDEOS_ARCHIVED, r -> r.stream().anyMatch(x -> postId.equals(x.key())), Duration.ofSeconds(90))
                .records().stream().filter(x -> postId.equals(x.key())).map(x -> codec.read(x.value(), VideoArchived.class))
                .findFirst().orElseThrow(() -> new AssertionError("no video record for " + postId));
    }

    @Test
    void aRequestedStreamIsCapturedAndItsRecordPublishedKeyedByPostIdThenTheOffsetCommitted() throws Exception {
        Assumptions.assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg is needed to make and mux the stream");
        Path dir = Files.createTempDirectory("video-processor-test");
        VideoStreams.BlueskyVideo bsky = VideoStreams.bluesky(dir.resolve("bsky"), 3);
        server = StreamServer.start().serveDirectory("/watch", bsky.dir());
        TopicProbe probe = new TopicProbe(bootstrap);
        VideoCaptureRequested request = request("bsky:kafka1", server.url("/watch/" + bsky.playlist()));
        probe.send(Topics.VIDEOS_REQUESTED, request.postId(), codec.write(request));

        VideoArchived record = archivedFor(probe, request.postId());

        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Captured.class,
                c -> assertThat(c.muxedSha256()).isNotNull());
        assertThat(record.input().topic()).isEqualTo(Topics.VIDEOS_REQUESTED);
        assertThat(record.capturer().name()).isEqualTo("capturer");
        assertThat(record.provenance().parts()).filteredOn(p -> VideoPart.SEGMENT.equals(p.role()))
                .hasSize(bsky.segmentsPerVariant());
        assertThat(record.provenance().parts()).allSatisfy(p ->
                assertThat(org.evidencepipeline.capturer.TestRequests.object(p.objectKey())).isNotEmpty());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicPartition partition = new TopicPartition(Topics.VIDEOS_REQUESTED, record.input().partition());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("capturer-video").partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS).get(partition);
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isGreaterThan(record.input().offset());
            });
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("capturer_videos_total{outcome=\"captured\"").contains("capturer_video_bytes_total")
                .contains("capturer_video_seconds");
    }

    @Test
    void aRecordThatIsNoVideoRequestIsDeadLetteredWithTheReason() {
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.VIDEOS_REQUESTED, "junk-video", "{\"schemaVersion\":1,\"kind\":\"vhs\"}".getBytes(StandardCharsets.UTF_8));

        TopicProbe.Read dead = probe.readUntil(Topics.DEAD_LETTER_CAPTURER,
                        r -> r.stream().anyMatch(x -> "junk-video".equals(x.key())), Duration.ofSeconds(60)).records()
                .stream().filter(x -> "junk-video".equals(x.key())).findFirst().orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("not a valid VideoCaptureRequested");
        assertThat(dead.valueAsString()).as("dead-lettered intact").isEqualTo("{\"schemaVersion\":1,\"kind\":\"vhs\"}");
    }

    @Test
    void videoCaptureKeepsTheServiceHealthy() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
