package org.evidencepipeline.storer.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.evidencepipeline.storer.LedgerSettles;
import org.evidencepipeline.storer.LedgerKeysResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.MediaRef;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The storer with its API tokens read from files (as a mounted Secret gives them) and S3 credentials:
 * /verify/* and /archive/* need the reader role (the reader or the admin token), health and metrics stay
 * open, and neither token nor the S3 credentials ever reach the log, whatever happens (start-up with Kafka
 * client settings logged, captures, an S3 outage with retries, refused requests).
 */
@QuarkusTest
@TestProfile(ApiSecurityTest.WithTokenAndLogFile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = LedgerKeysResource.STORER_WRITES, value = "true"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiSecurityTest {
    static final String TOKEN = "storer-test-reader-token-9d1f3b5a7c2e4086";
    LedgerKeysResource.LedgerKeys keys;
    static final String ADMIN_TOKEN = "storer-test-admin-token-5b7e2a9c0d4f1836";
    static final Path LOG = Path.of("target", "api-security-test.log");
    static final Path SECRETS = Path.of("target", "api-security-test-secrets");

    public static class WithTokenAndLogFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG);
                Files.createDirectories(SECRETS);
                Files.writeString(SECRETS.resolve("admin-token"), ADMIN_TOKEN + "\n");
                Files.writeString(SECRETS.resolve("reader-token"), TOKEN + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    // Not the %test profile's token values: the tokens come from files only.
                    "%test.pipeline.api.admin-token", "",
                    "%test.pipeline.api.reader-token", "",
                    "pipeline.api.admin-token-file", SECRETS.resolve("admin-token").toString(),
                    "pipeline.api.reader-token-file", SECRETS.resolve("reader-token").toString()));
            config.putAll(Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    // Everything the storer and its libraries say at DEBUG (Kafka at INFO), but not this test's own
                    // HTTP client, which of course sends the token.
                    "quarkus.log.level", "DEBUG",
                    "%test.quarkus.log.category.\"org.apache.kafka\".level", "INFO",
                    "quarkus.log.category.\"org.apache.http\".level", "INFO",
                    "storer.s3.retry-for", "2m"));
            return config;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The S3 server the storer uses, injected by S3ServerResource. */
    S3ProxyServer s3;

    private final EventCodec codec = new EventCodec();

    @Test
    @Order(1)
    void verifyAndArchiveRefuseRequestsWithoutTheToken() {
        for (String path : List.of("/verify/posts/rss:x", "/verify/captures/abc", "/verify/collections/kharkiv",
                "/archive/posts/rss:x", "/archive/collections/kharkiv", "/archive/collections/kharkiv/export",
                "/archive/sha256/" + "0".repeat(64), "/verify/archive", "/archive/posts/rss:x/pages",
                "/archive/posts/rss:x/videos")) {
            given().get(path).then().statusCode(401).contentType(ContentType.JSON)
                    .header("WWW-Authenticate", startsWith("Bearer")).body("error", containsString("unauthorized"));
            given().header("Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).get(path).then().statusCode(401);
            given().header("Authorization", "Bearer " + S3ProxyServer.SECRET_KEY).get(path).then().statusCode(401);
            given().auth().oauth2(ApiTestTokens.READER).get(path).then().statusCode(401); // the %test profile's token is not the file's
        }
    }

    @Test
    @Order(2)
    void theReaderAndTheAdminTokenFromTheFilesOpenVerifyAndArchive() {
        for (String token : List.of(TOKEN, ADMIN_TOKEN)) {
            given().auth().oauth2(token).get("/verify/collections/nothing-here").then().statusCode(200)
                    .body("totals.MISMATCH", equalTo(0));
            given().auth().oauth2(token).get("/archive/posts/rss:none").then().statusCode(404);
            given().auth().oauth2(token).get("/archive/sha256/nothex").then().statusCode(400);
        }
    }

    @Test
    @Order(3)
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    @Order(4)
    void neitherTheTokenNorTheS3CredentialsAppearInTheLog() throws Exception {
        try (FeedReplayServer media = FeedReplayServer.start()) {
            media.serve("/secret-test.jpg", TestImages.jpeg(64, 48, 77), "image/jpeg");
            String id = "no-secrets-" + UUID.randomUUID();
            PostEnriched post = TestPosts.post(id, "security", List.of(new MediaRef(media.url("/secret-test.jpg"), "image/jpeg", null)));
            TopicProbe probe = new TopicProbe(bootstrap);

            // The archive goes away while a post is in flight: the storer logs its retries with the S3 errors.
            s3.stop();
            try {
                probe.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));
                await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("archive unavailable") && log().contains(post.postId()));
            } finally {
                s3.start();
            }
            assertThat(probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> post.postId().equals(x.key())),
                    Duration.ofSeconds(90)).complete()).as("archived once S3 is back").isTrue();
            LedgerSettles.on("/verify/posts/" + post.postId(), TOKEN);
            given().header("Authorization", "Bearer " + TOKEN).get("/verify/posts/" + post.postId()).then().statusCode(200)
                    .body("totals.OK", equalTo(1));
            given().header("Authorization", "Bearer wrong").get("/verify/posts/" + post.postId()).then().statusCode(401);
        }

        String log = log();
        assertThat(log).as("the log captured this run, from start-up on")
                .contains("the REST API requires a bearer token").contains("archive unavailable");
        assertThat(log).doesNotContain(TOKEN).doesNotContain(ADMIN_TOKEN).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY)
                .as("the ledger's signer key (its secret part)").doesNotContain(keys.signerKey().split("\\+", 5)[4]);
    }

    private static String log() throws IOException {
        return Files.exists(LOG) ? Files.readString(LOG, StandardCharsets.UTF_8) : "";
    }
}
