package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.evidencepipeline.storer.LedgerSettles;
import org.evidencepipeline.storer.LedgerKeysResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A page capture the capturer stored, read and verified through the running storer's API: {@code /verify/sha256} finds
 * it by any artifact's hash, {@code /verify/posts} and {@code /verify/archive} include it (kind {@code page}), and
 * {@code /archive/posts/{id}/pages} and {@code /archive/sha256} return its page provenance record.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = LedgerKeysResource.STORER_WRITES, value = "true"))
class PageCapturesThroughTheStorerApiTest {

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
    void aStoredPageCaptureIsFoundByHashVerifiedByPostAndInTheWholeArchiveAndListedWithItsPost() throws Exception {
        PageCaptures.Capture c = PageCaptures.build("page-api", PageCaptures.Warc.AS_RECORDED);
        PageCaptures.write(store(), c);
        ledgered("page-api", c.provenanceKey());
        LedgerSettles.on("/verify/posts/page-api");

        for (String role : PageCaptures.ROLES) {
            given().auth().oauth2(ApiTestTokens.READER).get("/verify/sha256/" + c.artifact(role).sha256()).then().statusCode(200)
                    .body("items[0].kind", equalTo("page")).body("items[0].captureId", equalTo(c.captureId()))
                    .body("items[0].status", equalTo("OK")).body("totalsByKind.page.OK", equalTo(1));
        }
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/page-api").then().statusCode(200)
                .body("totalsByKind.page.OK", equalTo(1)).body("totals.MISMATCH", equalTo(0)).body("totals.MISSING", equalTo(0))
                .body("items.find { it.kind == 'page' }.postVersion", equalTo(1))
                .body("items.find { it.kind == 'page' }.expectedSha256", equalTo(c.artifact(PageArtifact.HTML_SOURCE).sha256()));
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/captures/" + c.captureId()).then().statusCode(200)
                .body("items[0].kind", equalTo("page")).body("items[0].status", equalTo("OK"));
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/archive").then().statusCode(200)
                .body("items.findAll { it.kind == 'page' }.captureId", hasItem(c.captureId()));

        given().auth().oauth2(ApiTestTokens.READER).get("/archive/posts/page-api/pages").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].kind", equalTo("page")).body("[0].captureId", equalTo(c.captureId()))
                .body("[0].finalUrl", equalTo(c.provenance().finalUrl()))
                .body("[0].artifacts.find { it.role == 'screenshot' }.sha256", equalTo(c.artifact(PageArtifact.SCREENSHOT).sha256()));
        given().auth().oauth2(ApiTestTokens.READER).get("/archive/posts/no-such-post/pages").then().statusCode(404);
        given().auth().oauth2(ApiTestTokens.READER).get("/archive/sha256/" + c.artifact(PageArtifact.SCREENSHOT).sha256()).then()
                .statusCode(200).body("[0].kind", equalTo("page")).body("[0].captureId", equalTo(c.captureId()));
        given().get("/archive/posts/page-api/pages").then().statusCode(401);
        given().get("/verify/archive").then().statusCode(401);
    }
}
