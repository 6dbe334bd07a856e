package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.evidencepipeline.storer.LedgerSettles;
import org.evidencepipeline.storer.LedgerKeysResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Video captures the capturer stored, read and verified through the running storer's API: {@code /verify/captures}
 * takes a video capture id, {@code /verify/sha256} finds a capture by any part's or the muxed file's hash,
 * {@code /verify/posts} and {@code /verify/archive} include it (kind {@code video}), and
 * {@code /archive/posts/{id}/videos} (reader role) and {@code /archive/sha256} return its video provenance record.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = LedgerKeysResource.STORER_WRITES, value = "true"))
class VideoCapturesThroughTheStorerApiTest {

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void ledgered(String postId, String provenanceKey) throws Exception {
        LedgerFixture.publish(bootstrap, store(), postId, provenanceKey);
    }

    private static ArchiveStore store() {
        String endpoint = ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class);
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        return new ArchiveStore(client, "evidence-archive");
    }

    @Test
    void aStoredVideoCaptureIsVerifiedByIdByPartHashByPostAndInTheWholeArchiveAndListedWithItsPostForReaders(@TempDir Path dir)
            throws Exception {
        VideoCaptures.Media media = VideoCaptures.encode(dir);
        VideoCaptures.Capture whole = VideoCaptures.hls("video-api", media);
        VideoCaptures.write(store(), whole);
        VideoCaptures.Capture capped = VideoCaptures.hlsCappedAt("video-api-capped", media, 1);
        VideoCaptures.write(store(), capped);
        ledgered("video-api", whole.provenanceKey());
        ledgered("video-api-capped", capped.provenanceKey());
        String reader = ApiTestTokens.READER;
        LedgerSettles.on("/verify/posts/video-api");
        LedgerSettles.on("/verify/posts/video-api-capped");

        given().auth().oauth2(reader).get("/verify/captures/" + whole.captureId()).then().statusCode(200)
                .body("items[0].kind", equalTo("video")).body("items[0].status", equalTo("OK"))
                .body("items[0].expectedSha256", equalTo(whole.provenance().muxed().sha256()))
                .body("totalsByKind.video.OK", equalTo(1));
        for (String hash : new String[] {whole.firstSegment().sha256(), whole.part(0).sha256(), whole.provenance().muxed().sha256()}) {
            // The capped capture of the same stream shares parts, so it may be listed under the same hash too.
            given().auth().oauth2(reader).get("/verify/sha256/" + hash).then().statusCode(200)
                    .body("items.findAll { it.kind == 'video' }.captureId", hasItem(whole.captureId()))
                    .body("items.find { it.captureId == '" + whole.captureId() + "' }.status", equalTo("OK"));
        }
        given().auth().oauth2(reader).get("/verify/posts/video-api").then().statusCode(200)
                .body("totalsByKind.video.OK", equalTo(1)).body("totals.MISMATCH", equalTo(0)).body("totals.MISSING", equalTo(0));
        given().auth().oauth2(reader).get("/verify/captures/" + capped.captureId()).then().statusCode(200)
                .body("items[0].status", equalTo("INCOMPLETE")).body("items[0].detail", startsWith("the capture is incomplete (cap segments"))
                .body("totals.OK", equalTo(0)).body("totals.INCOMPLETE", equalTo(1));
        given().auth().oauth2(reader).get("/verify/archive").then().statusCode(200)
                .body("items.findAll { it.kind == 'video' }.captureId", hasItem(whole.captureId()))
                .body("items.findAll { it.kind == 'video' }.captureId", hasItem(capped.captureId()));

        given().auth().oauth2(reader).get("/archive/posts/video-api/videos").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].kind", equalTo("video")).body("[0].captureId", equalTo(whole.captureId()))
                .body("[0].streamUrl", equalTo(whole.provenance().streamUrl())).body("[0].complete", equalTo(true))
                .body("[0].parts.size()", equalTo(whole.provenance().parts().size()))
                .body("[0].parts.find { it.role == 'segment' }.sha256", equalTo(whole.firstSegment().sha256()))
                .body("[0].muxed.sha256", equalTo(whole.provenance().muxed().sha256()));
        given().auth().oauth2(reader).get("/archive/posts/video-api-capped/videos").then().statusCode(200)
                .body("[0].complete", equalTo(false)).body("[0].incomplete.cap", equalTo("segments"));
        given().auth().oauth2(reader).get("/archive/posts/no-such-post/videos").then().statusCode(404);
        VideoPart segment = whole.firstSegment();
        given().auth().oauth2(reader).get("/archive/sha256/" + segment.sha256()).then().statusCode(200)
                .body("findAll { it.kind == 'video' }.captureId", hasItem(whole.captureId()));

        given().get("/archive/posts/video-api/videos").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/archive/posts/video-api/videos").then().statusCode(401);
        given().get("/verify/captures/" + whole.captureId()).then().statusCode(401);
    }
}
