package org.evidencepipeline.storer.verify;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
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
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.storer.TestFetches;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Posts whose fetch the collector preserved, through the running storer (real broker, real S3 server): each gets a
 * post provenance record, stored and published, and verify re-cuts its raw item from the fetch WARC, from the storer's
 * REST API and from the command line, and tells a tampered item, a tampered WARC, a changed normalised post and a
 * deleted WARC apart.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = LedgerKeysResource.STORER_WRITES, value = "true"))
class PostEvidenceVerificationTest {
    private static final String BUCKET = "evidence-archive";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    LedgerKeysResource.LedgerKeys keys;

    private final EventCodec codec = new EventCodec();

    private MinioClient s3() {
        return MinioClient.builder().endpoint(endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    private static String endpoint() {
        return ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class);
    }

    private void put(String key, byte[] bytes) throws Exception {
        s3().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).data(bytes, bytes.length).build());
    }

    private byte[] get(String key) throws Exception {
        try (InputStream in = s3().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** Preserves each fetch as the collector would, publishes each post, and returns the archive records, by post id. */
    private Map<String, PostArchived> archive(List<PostEnriched> posts, List<TestFetches.Fetch> fetches) throws Exception {
        for (TestFetches.Fetch f : fetches) {
            put(f.warcKey(), f.warc());
        }
        TopicProbe probe = new TopicProbe(bootstrap);
        List<String> ids = new ArrayList<>();
        for (PostEnriched p : posts) {
            probe.send(Topics.POSTS_ENRICHED, p.postId(), codec.write(p));
            ids.add(p.postId());
        }
        Map<String, PostArchived> out = new LinkedHashMap<>();
        for (TopicProbe.Read r : probe.readUntil(Topics.POSTS_ARCHIVED, rs -> rs.stream().map(TopicProbe.Read::key).filter(ids::contains)
                .distinct().count() == ids.size(), Duration.ofSeconds(60)).records()) {
            if (ids.contains(r.key())) {
                out.putIfAbsent(r.key(), codec.read(r.value(), PostArchived.class));
            }
        }
        assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        // The fetch WARCs' entries, as the collector publishes them; then the storer's writer checkpoints them all.
        for (TestFetches.Fetch f : fetches) {
            probe.send(Topics.LEDGER_ENTRIES, f.warcKey(), codec.write(f.ledgerEntry()));
        }
        for (String id : ids) {
            LedgerSettles.on("/verify/posts/" + id);
        }
        return out;
    }

    private String runCommand(int[] exit, String... scope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = new String[2 + scope.length];
        args[0] = "--endpoint";
        args[1] = endpoint();
        System.arraycopy(scope, 0, args, 2, scope.length);
        exit[0] = VerifyCommand.run(args, Map.of("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY, "STORER_S3_SECRET_KEY",
                S3ProxyServer.SECRET_KEY, "STORER_LEDGER_VERIFIER_KEY", keys.verifierKey(),
                "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE", keys.tsaPem().toString()), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPostWithSourceEvidenceGetsAPostProvenanceRecordStoredAndPublishedAndVerifiesOk() throws Exception {
        TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/ok.xml", List.of("перший", "другий", "третій"), 1);
        PostEnriched post = TestPosts.withSource(TestPosts.post("pe-ok", "pe-ok-watch", List.of()), fetch.evidence());
        PostEnriched without = TestPosts.post("pe-none", "pe-ok-watch", List.of());
        Map<String, PostArchived> archived = archive(List.of(post, without), List.of(fetch));
        PostArchived a = archived.get(post.postId());

        PostProvenance p = a.postProvenance();
        assertThat(p).isNotNull();
        assertThat(p.kind()).isEqualTo("post");
        assertThat(p.provenanceId()).isEqualTo(PostProvenance.idFor(post.postId(), 1, fetch.evidence().itemSha256()));
        assertThat(p.source()).isEqualTo(fetch.evidence());
        assertThat(p.collector()).isEqualTo(post.post().collector());
        assertThat(p.input()).isEqualTo(a.input());
        assertThat(p.input().topic()).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(p.normalisedPostKey()).isEqualTo(a.postObjectKey());
        assertThat(p.normalisedPostSha256()).isEqualTo(a.postSha256()).isEqualTo(Hashes.sha256Hex(get(a.postObjectKey())));
        assertThat(p.storer()).isEqualTo(a.storer());
        assertThat(p.prov().wasDerivedFrom()).isEqualTo("urn:sha256:" + fetch.evidence().itemSha256());
        assertThat(p.prov().entity()).isEqualTo("urn:sha256:" + a.postSha256());
        // The record published is the record stored.
        assertThat(codec.read(get(ArchiveStore.postProvenanceKey(p.provenanceId())), PostProvenance.class)).isEqualTo(p);

        // A post without source evidence gets none, and its archive record claims none.
        assertThat(archived.get(without.postId()).postProvenance()).isNull();
        assertThat(s3().listObjects(ListObjectsArgs.builder().bucket(BUCKET)
                .prefix("index/post-provenance/" + ArchiveIndex.postHash(without.postId()) + "/").build())).isEmpty();

        Response byPost = given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/" + post.postId());
        byPost.then().statusCode(200).body("totalsByKind.post.OK", equalTo(1)).body("totals.MISMATCH", equalTo(0))
                .body("totals.MISSING", equalTo(0));
        Map<String, Object> item = byPost.jsonPath().getMap("items[0]");
        assertThat(item).containsEntry("kind", "post").containsEntry("provenanceId", p.provenanceId())
                .containsEntry("postVersion", 1).containsEntry("objectKey", fetch.warcKey()).containsEntry("status", "OK")
                .containsEntry("expectedSha256", fetch.evidence().itemSha256()).containsEntry("actualSha256", fetch.evidence().itemSha256());
        assertThat((String) item.get("detail")).contains("WARC-Payload-Digest matches").contains("raw item")
                .contains("names this raw item").contains("no per-record time-stamp");
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/" + without.postId()).then().statusCode(200)
                .body("totalsByKind.post.OK", equalTo(0)).body("items.size()", equalTo(0));
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/collections/pe-ok-watch").then().statusCode(200)
                .body("totalsByKind.post.OK", equalTo(1)).body("totals.OK", equalTo(1));
        // By hash: the raw item, the fetch body holding it, or the normalised post.
        for (String hash : List.of(fetch.evidence().itemSha256(), fetch.evidence().bodySha256(), a.postSha256())) {
            given().auth().oauth2(ApiTestTokens.READER).get("/verify/sha256/" + hash).then().statusCode(200)
                    .body("items[0].provenanceId", equalTo(p.provenanceId())).body("items[0].status", equalTo("OK"));
        }
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/sha256/not-a-hash").then().statusCode(400);
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("storer_posts_provenance_total{source=\"preserved\"}"))
                .body(org.hamcrest.Matchers.containsString("storer_posts_provenance_total{source=\"none\"}"));

        int[] exit = new int[1];
        String out = runCommand(exit, "--post", post.postId());
        assertThat(exit[0]).isZero();
        assertThat(out).contains("OK               post  post " + post.postId() + " v1 (" + p.provenanceId() + ")")
                .contains("1 OK, 0 MISMATCH, 0 MISSING").contains("post: 1 OK");
        assertThat(runCommand(exit, "--sha256", fetch.evidence().itemSha256())).contains(p.provenanceId());
        assertThat(exit[0]).isZero();
    }

    @Test
    void aPostCutFromAJetstreamFrameVerifiesOk() throws Exception {
        TestFetches.Fetch fetch = TestFetches.frame("ws://jetstream.example.org/subscribe",
                "{\"did\":\"did:plc:x\",\"kind\":\"commit\",\"commit\":{\"rkey\":\"3k\"}}".getBytes(StandardCharsets.UTF_8));
        PostEnriched post = TestPosts.withSource(TestPosts.post("pe-frame", "pe-frame-watch", List.of()), fetch.evidence());
        archive(List.of(post), List.of(fetch));
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/" + post.postId()).then().statusCode(200)
                .body("items[0].kind", equalTo("post")).body("items[0].status", equalTo("OK"));
    }

    @Test
    void aForgedRecordedHeaderIsAMismatchOfTheBlockDigestThoughPayloadAndItemStillHash() throws Exception {
        TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/header.xml", List.of("alpha", "bravo"), 0);
        PostEnriched post = TestPosts.withSource(TestPosts.post("pe-header", "pe-header-watch", List.of()), fetch.evidence());
        archive(List.of(post), List.of(fetch));
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/" + post.postId()).then().statusCode(200)
                .body("items[0].status", equalTo("OK")).body("items[0].detail", org.hamcrest.Matchers.containsString("WARC-Block-Digest matches"));

        put(fetch.warcKey(), TestFetches.withHeaderChanged(fetch, "application/rss+xml", "text/html;xx=123456"));
        Map<String, Object> item = given().auth().oauth2(ApiTestTokens.READER).get("/verify/posts/" + post.postId())
                .then().statusCode(200).extract().jsonPath().getMap("items[0]");
        assertThat(item.get("status")).isEqualTo("MISMATCH");
        assertThat((String) item.get("detail")).contains("WARC-Block-Digest").contains("does not match the record's block")
                .doesNotContain("payload SHA-256").doesNotContain("differs from the recorded item SHA-256");
        assertThat(item.get("actualSha256")).isEqualTo(fetch.evidence().itemSha256());
    }

    @Test
    void verifyTellsATamperedItemATamperedWarcAChangedNormalisedPostAndADeletedOrUnreadableWarcApart() throws Exception {
        String c = "pe-tamper";
        List<String> titles = List.of("alpha", "bravo", "charlie");
        TestFetches.Fetch item = TestFetches.rss("http://feed.example.org/item.xml", titles, 1);
        TestFetches.Fetch outside = TestFetches.rss("http://feed.example.org/outside.xml", titles, 1);
        TestFetches.Fetch normalised = TestFetches.rss("http://feed.example.org/normalised.xml", titles, 0);
        TestFetches.Fetch deleted = TestFetches.rss("http://feed.example.org/deleted.xml", titles, 2);
        TestFetches.Fetch garbled = TestFetches.rss("http://feed.example.org/garbled.xml", titles, 2);
        List<TestFetches.Fetch> fetches = List.of(item, outside, normalised, deleted, garbled);
        List<PostEnriched> posts = new ArrayList<>();
        for (int i = 0; i < fetches.size(); i++) {
            posts.add(TestPosts.withSource(TestPosts.post("pe-t" + i, c, List.of()), fetches.get(i).evidence()));
        }
        Map<String, PostArchived> archived = archive(posts, fetches);
        given().auth().oauth2(ApiTestTokens.READER).get("/verify/collections/" + c).then().statusCode(200)
                .body("totalsByKind.post.OK", equalTo(5)).body("totals.MISMATCH", equalTo(0)).body("totals.MISSING", equalTo(0));

        // (a) A byte of the raw item changed inside the WARC object.
        put(item.warcKey(), TestFetches.withPayloadByteChanged(item, item.evidence().itemOffset() + 8));
        // (b) A byte of the payload outside the item changed: the item still hashes right, the payload no longer does.
        put(outside.warcKey(), TestFetches.withPayloadByteChanged(outside, 2));
        // (c) The stored normalised post no longer says what its raw item says.
        PostArchived n = archived.get(posts.get(2).postId());
        put(n.postObjectKey(), new String(get(n.postObjectKey()), StandardCharsets.UTF_8)
                .replace("Вранці у Харкові", "Вночі у Києві").getBytes(StandardCharsets.UTF_8));
        // (d) The fetch WARC deleted; (e) replaced by bytes that are no WARC.
        s3().removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(deleted.warcKey()).build());
        put(garbled.warcKey(), "this is not a WARC file at all".getBytes(StandardCharsets.UTF_8));

        Response report = given().auth().oauth2(ApiTestTokens.READER).get("/verify/collections/" + c);
        report.then().statusCode(200).body("totalsByKind.post.OK", equalTo(0)).body("totalsByKind.post.MISMATCH", equalTo(4))
                .body("totalsByKind.post.MISSING", equalTo(1));
        Map<String, Map<String, Object>> byPost = new LinkedHashMap<>();
        for (Map<String, Object> i : report.jsonPath().<Map<String, Object>>getList("items")) {
            byPost.put((String) i.get("postId"), i);
        }
        Map<String, Object> a = byPost.get(posts.get(0).postId());
        assertThat(a.get("status")).isEqualTo("MISMATCH");
        assertThat((String) a.get("detail")).contains("raw item").contains("SHA-256 differs from the recorded item SHA-256")
                .contains("WARC-Payload-Digest");
        assertThat(a.get("actualSha256")).isNotEqualTo(item.evidence().itemSha256());

        Map<String, Object> b = byPost.get(posts.get(1).postId());
        assertThat(b.get("status")).isEqualTo("MISMATCH");
        assertThat((String) b.get("detail")).contains("WARC-Payload-Digest").contains("does not match the payload")
                .contains("differs from the recorded body SHA-256").doesNotContain("differs from the recorded item SHA-256");
        assertThat(b.get("actualSha256")).isEqualTo(outside.evidence().itemSha256());

        Map<String, Object> cc = byPost.get(posts.get(2).postId());
        assertThat(cc.get("status")).isEqualTo("MISMATCH");
        assertThat((String) cc.get("detail")).contains("normalised post").contains("SHA-256 differs").doesNotContain("WARC");

        Map<String, Object> d = byPost.get(posts.get(3).postId());
        assertThat(d.get("status")).isEqualTo("MISSING");
        assertThat((String) d.get("detail")).contains("fetch WARC " + deleted.warcKey() + " is not in the archive");
        assertThat(d.get("actualSha256")).isNull();

        Map<String, Object> e = byPost.get(posts.get(4).postId());
        assertThat(e.get("status")).isEqualTo("MISMATCH");
        assertThat((String) e.get("detail")).contains("cannot be parsed").contains("unchecked");
        assertThat(e.get("actualSha256")).isNull();

        // The same verdicts straight from S3.
        int[] exit = new int[1];
        String out = runCommand(exit, "--collection", c);
        assertThat(exit[0]).isEqualTo(1);
        assertThat(out).contains("0 OK, 4 MISMATCH, 1 MISSING").contains("MISSING          post  post " + posts.get(3).postId());
    }
}
