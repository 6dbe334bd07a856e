package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.evidencepipeline.storer.LedgerSettles;
import org.evidencepipeline.storer.LedgerKeysResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Verification and archive access against the real S3 server, after real captures through Kafka. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = LedgerKeysResource.STORER_WRITES, value = "true"))
class VerifyDetectsTamperingTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    LedgerKeysResource.LedgerKeys keys;

    private final EventCodec codec = new EventCodec();

    private MinioClient s3() {
        return MinioClient.builder().endpoint(ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class))
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    @Test
    void verifyReportsOkThenMismatchForATamperedObjectAndMissingForADeletedOne() throws Exception {
        try (FeedReplayServer media = FeedReplayServer.start()) {
            media.serve("/v1.jpg", TestImages.jpeg(160, 120, 101), "image/jpeg");
            media.serve("/v2.png", TestImages.png(90, 90, 102), "image/png");
            PostEnriched post = TestPosts.post("verify-1", "verify-watch", List.of(
                    new MediaRef(media.url("/v1.jpg"), "image/jpeg", null), new MediaRef(media.url("/v2.png"), "image/png", null)));
            TopicProbe probe = new TopicProbe(bootstrap);
            probe.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));
            PostArchived archived = probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> post.postId().equals(x.key())),
                            Duration.ofSeconds(60)).records().stream().filter(r -> post.postId().equals(r.key()))
                    .map(r -> codec.read(r.value(), PostArchived.class)).findFirst().orElseThrow();
            CaptureOutcome.Stored jpeg = (CaptureOutcome.Stored) archived.captures().get(0);
            CaptureOutcome.Stored png = (CaptureOutcome.Stored) archived.captures().get(1);

            LedgerSettles.on("/verify/collections/verify-watch");
            given().auth().oauth2(ApiTestTokens.READER).get("/verify/collections/verify-watch").then().statusCode(200)
                    .body("totals.OK", org.hamcrest.Matchers.equalTo(2))
                    .body("totals.MISMATCH", org.hamcrest.Matchers.equalTo(0));

            // Someone with write access replaces the photo's bytes in place.
            byte[] forged = TestImages.jpeg(160, 120, 999);
            s3().putObject(PutObjectArgs.builder().bucket("evidence-archive").object(jpeg.objectKey()).data(forged, forged.length).build());
            s3().removeObject(RemoveObjectArgs.builder().bucket("evidence-archive").object(png.objectKey()).build());

            Response report = given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/" + post.postId());
            report.then().statusCode(200).body("totals.MISMATCH", org.hamcrest.Matchers.equalTo(1))
                    .body("totals.MISSING", org.hamcrest.Matchers.equalTo(1));
            List<Map<String, Object>> items = report.jsonPath().getList("items");
            Map<String, Object> tampered = items.stream().filter(i -> jpeg.captureId().equals(i.get("captureId"))).findFirst().orElseThrow();
            assertThat(tampered.get("status")).isEqualTo("MISMATCH");
            assertThat(tampered.get("expectedSha256")).isEqualTo(jpeg.sha256());
            assertThat(tampered.get("actualSha256")).isNotEqualTo(jpeg.sha256());
            assertThat((String) tampered.get("detail")).contains("SHA-256 differs");
            given().auth().oauth2(ApiTestTokens.READER).get("/verify/captures/" + png.captureId()).then().statusCode(200)
                    .body("items[0].status", org.hamcrest.Matchers.equalTo("MISSING"))
                    .body("items[0].detail", containsString("not in the archive"));
            given().get("/q/metrics").then().body(containsString("storer_verify_mismatches_total"));

            // The same verdict from the command line, against the same S3 server.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = VerifyCommand.run(new String[]{"--endpoint", ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class),
                            "--post", post.postId()},
                    Map.of("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY, "STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
                            "STORER_LEDGER_VERIFIER_KEY", keys.verifierKey(), "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE", keys.tsaPem().toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(exit).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("MISMATCH").contains("MISSING").contains("0 OK, 1 MISMATCH, 1 MISSING");
        }
    }

    @Test
    void archiveAnswersByPostByHashAndExportsACollectionAsJsonLines() throws Exception {
        try (FeedReplayServer media = FeedReplayServer.start()) {
            media.serve("/e1.jpg", TestImages.jpeg(120, 80, 201), "image/jpeg");
            PostEnriched post = TestPosts.post("export-1", "export-watch", List.of(new MediaRef(media.url("/e1.jpg"), "image/jpeg", null)));
            TopicProbe probe = new TopicProbe(bootstrap);
            probe.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));
            PostArchived archived = probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> post.postId().equals(x.key())),
                            Duration.ofSeconds(60)).records().stream().filter(r -> post.postId().equals(r.key()))
                    .map(r -> codec.read(r.value(), PostArchived.class)).findFirst().orElseThrow();
            CaptureOutcome.Stored stored = (CaptureOutcome.Stored) archived.captures().get(0);

            given().auth().oauth2(ApiTestTokens.READER).get("/archive/posts/" + post.postId()).then().statusCode(200)
                    .body("[0].postId", org.hamcrest.Matchers.equalTo(post.postId()));
            given().auth().oauth2(ApiTestTokens.READER).get("/archive/sha256/" + stored.sha256()).then().statusCode(200)
                    .body("[0].captureId", org.hamcrest.Matchers.equalTo(stored.captureId()))
                    .body("[0].warcKey", org.hamcrest.Matchers.equalTo("warc/" + stored.captureId() + ".warc.gz"));
            given().auth().oauth2(ApiTestTokens.READER).get("/archive/sha256/nothex").then().statusCode(400);
            given().auth().oauth2(ApiTestTokens.READER).get("/archive/posts/rss:never-archived").then().statusCode(404);

            String jsonl = given().auth().oauth2(ApiTestTokens.READER).get("/archive/collections/export-watch/export").then().statusCode(200)
                    .header("Content-Type", containsString("application/x-ndjson")).extract().asString();
            List<PostArchived> lines = jsonl.lines().map(l -> codec.read(l.getBytes(StandardCharsets.UTF_8), PostArchived.class)).toList();
            assertThat(lines).extracting(PostArchived::postId).contains(post.postId());
            assertThat(lines).filteredOn(a -> a.postId().equals(post.postId())).singleElement()
                    .satisfies(a -> assertThat(a.provenance()).hasSize(1));
        }
    }
}
