package org.evidencepipeline.storer.pipeline;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.storer.HostileImages;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The running storer against the real broker and the real S3 server. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
class ArchiveProcessorTest {
    static FeedReplayServer media;
    /** Serves request targets java.net.URI rejects, which the JDK server behind FeedReplayServer answers with 400. */
    static RawHttpServer raw;
    static final byte[] PHOTO = TestImages.jpeg(320, 240, 11);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startMediaServer() {
        media = FeedReplayServer.start();
        media.serve("/photo.jpg", PHOTO, "image/jpeg");
        media.serve("/same-photo-other-url.jpg", PHOTO, "image/jpeg");
        media.serve("/redirect-to-metadata", FeedReplayServer.Response.redirect(302, "http://169.254.169.254/latest/meta-data/"));
        raw = RawHttpServer.start();
    }

    @AfterAll
    static void stopMediaServer() {
        media.close();
        raw.close();
    }

    private MinioClient s3() {
        var c = ConfigProvider.getConfig();
        return MinioClient.builder().endpoint(c.getValue("storer.s3.endpoint", String.class))
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    private byte[] object(String key) throws Exception {
        try (InputStream in = s3().getObject(GetObjectArgs.builder().bucket("evidence-archive").object(key).build())) {
            return in.readAllBytes();
        }
    }

    @Test
    void archivesMediaContentAddressedWithProvenanceAndRecordsRefusals() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        PostEnriched first = TestPosts.post("a1", "kharkiv", List.of(new MediaRef(media.url("/photo.jpg"), "image/jpeg", null),
                new MediaRef(media.url("/redirect-to-metadata"), "image/jpeg", null)));
        PostEnriched second = TestPosts.post("a2", "kharkiv", List.of(new MediaRef(media.url("/same-photo-other-url.jpg"), "image/jpeg", null)));
        byte[] firstBytes = codec.write(first);
        probe.send(Topics.POSTS_ENRICHED, first.postId(), firstBytes);
        probe.send(Topics.POSTS_ENRICHED, "junk", "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.POSTS_ENRICHED, second.postId(), codec.write(second));

        // Only this test's posts: the other tests of this class share the broker and may have run first. At-least-once:
        // a record handed off but not yet acknowledged when the consumers' start-up rebalance moved its partition is
        // archived again by the new owner, so a key may come twice; the first copy of each is the one looked at.
        List<TopicProbe.Read> archived = probe.readUntil(Topics.POSTS_ARCHIVED,
                        r -> r.stream().map(TopicProbe.Read::key).filter(k -> k.matches("rss:a[12]")).distinct().count() >= 2,
                        Duration.ofSeconds(60)).records()
                .stream().filter(x -> x.key().matches("rss:a[12]"))
                .collect(java.util.stream.Collectors.toMap(TopicProbe.Read::key, x -> x, (earlier, again) -> earlier,
                        java.util.LinkedHashMap::new)).values().stream().toList();
        assertThat(archived).extracting(TopicProbe.Read::key).containsExactly("rss:a1", "rss:a2");
        PostArchived a1 = codec.read(archived.get(0).value(), PostArchived.class);
        PostArchived a2 = codec.read(archived.get(1).value(), PostArchived.class);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PHOTO));
        assertThat(a1.captures().get(0)).isInstanceOfSatisfying(CaptureOutcome.Stored.class, s -> {
            assertThat(s.sha256()).isEqualTo(sha);
            assertThat(s.objectKey()).isEqualTo("sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
            assertThat(s.contentType()).isEqualTo("image/jpeg");
        });
        assertThat(a1.captures().get(1)).isInstanceOfSatisfying(CaptureOutcome.Refused.class,
                r -> assertThat(r.reason()).contains("169.254.169.254"));
        assertThat(a2.captures().get(0)).as("same bytes, other post: one object")
                .isInstanceOfSatisfying(CaptureOutcome.Duplicate.class, d -> assertThat(d.sha256()).isEqualTo(sha));

        // The archive holds exactly the bytes served, and the post exactly as received.
        CaptureOutcome.Stored stored = (CaptureOutcome.Stored) a1.captures().get(0);
        assertThat(object(stored.objectKey())).isEqualTo(PHOTO);
        assertThat(object(a1.postObjectKey())).isEqualTo(firstBytes);
        ProvenanceRecord provenance = codec.read(object(stored.provenanceKey()), ProvenanceRecord.class);
        assertThat(provenance).isEqualTo(a1.provenance().get(0));
        assertThat(provenance.sha256()).isEqualTo(sha);
        assertThat(provenance.size()).isEqualTo(PHOTO.length);
        assertThat(provenance.mediaUrl()).isEqualTo(media.url("/photo.jpg"));
        assertThat(provenance.resolvedAddress()).isEqualTo("127.0.0.1");
        assertThat(provenance.input().topic()).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(provenance.perceptualHash()).matches("[0-9a-f]{16}");
        assertThat(provenance.prov().entity()).isEqualTo("urn:sha256:" + sha);
        assertThat(provenance.tool().name()).isEqualTo("storer");

        List<String> deadKeys = List.of("rss:a1", "junk");
        List<TopicProbe.Read> dead = probe.readUntil(Topics.DEAD_LETTER_STORER,
                        r -> r.stream().filter(x -> deadKeys.contains(x.key())).count() >= 2, Duration.ofSeconds(30)).records()
                .stream().filter(x -> deadKeys.contains(x.key())).toList();
        assertThat(dead).extracting(TopicProbe.Read::key).containsExactlyInAnyOrder("rss:a1", "junk");
        TopicProbe.Read refusal = dead.stream().filter(r -> "rss:a1".equals(r.key())).findFirst().orElseThrow();
        assertThat(refusal.header("dead-letter-reason")).startsWith("refused:").contains("169.254.169.254");
        TopicProbe.Read poison = dead.stream().filter(r -> "junk".equals(r.key())).findFirst().orElseThrow();
        assertThat(poison.header("dead-letter-reason")).contains("not a valid PostEnriched");
    }

    @Test
    void replayingTheSameEventFindsTheEarlierCaptureInsteadOfFetchingAgain() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        media.serve("/replayed.png", TestImages.png(64, 64, 5), "image/png");
        PostEnriched post = TestPosts.post("r1", "kharkiv", List.of(new MediaRef(media.url("/replayed.png"), "image/png", null)));
        probe.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));
        probe.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));

        List<PostArchived> records = probe.readUntil(Topics.POSTS_ARCHIVED,
                        r -> r.stream().filter(x -> "rss:r1".equals(x.key())).count() >= 2, Duration.ofSeconds(60)).records()
                .stream().filter(r -> "rss:r1".equals(r.key())).map(r -> codec.read(r.value(), PostArchived.class)).toList();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).captures().get(0)).isInstanceOf(CaptureOutcome.Stored.class);
        assertThat(records.get(1).captures().get(0)).isInstanceOf(CaptureOutcome.Duplicate.class);
        assertThat(records.get(1).provenance()).isEqualTo(records.get(0).provenance());
        assertThat(records.get(1).postObjectKey()).isEqualTo(records.get(0).postObjectKey());
        assertThat(media.requests("/replayed.png")).as("fetched once").hasSize(1);
    }

    @Test
    void aRepeatedPostVersionThatDiffersOnlyInItsTimesIsOnePostObject() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        media.serve("/repeat.jpg", TestImages.jpeg(80, 60, 23), "image/jpeg");
        PostEnriched first = TestPosts.post("rep1", "kharkiv", List.of(new MediaRef(media.url("/repeat.jpg"), "image/jpeg", null)));
        // The collector and the enricher crashed and repeated their work: same post, later times.
        PostCollected p = first.post();
        PostEnriched repeated = new PostEnriched(1, new PostCollected(p.schemaVersion(), p.postId(), p.platform(), p.platformId(),
                p.version(), p.sourceId(), p.collectionIds(), p.url(), p.author(), p.title(), p.text(), p.languageHint(), p.publishedAt(),
                p.collectedAt().plusSeconds(40), p.media(), p.geo(), p.contentHash(), p.collector()), first.language(), first.hashtags(),
                first.mentions(), first.links(), first.expandedLinks(), first.textSha256(), first.simhash(), first.enrichedAt().plusSeconds(41),
                first.enricher());
        // A re-enrichment that reached another result is a different record of the post, kept beside the first.
        PostEnriched reEnriched = new PostEnriched(1, p, new LanguageTag("ru", 0.6, "uk", "uk", "lingua"), first.hashtags(),
                first.mentions(), first.links(), first.expandedLinks(), first.textSha256(), first.simhash(), first.enrichedAt().plusSeconds(90),
                first.enricher());
        probe.send(Topics.POSTS_ENRICHED, first.postId(), codec.write(first));
        probe.send(Topics.POSTS_ENRICHED, first.postId(), codec.write(repeated));
        probe.send(Topics.POSTS_ENRICHED, first.postId(), codec.write(reEnriched));

        // Delivery is at least once: a rebalance while the storer's consumers join may archive a record again, so the
        // records are told apart by the post object they name, in the order first seen, not by their position.
        List<PostArchived> records = probe.readUntil(Topics.POSTS_ARCHIVED, r -> {
                    List<TopicProbe.Read> mine = r.stream().filter(x -> "rss:rep1".equals(x.key())).toList();
                    return mine.size() >= 3 && mine.stream().map(x -> codec.read(x.value(), PostArchived.class).postObjectKey())
                            .distinct().count() >= 2;
                }, Duration.ofSeconds(60)).records()
                .stream().filter(r -> "rss:rep1".equals(r.key())).map(r -> codec.read(r.value(), PostArchived.class)).toList();
        List<PostArchived> distinct = new java.util.ArrayList<>(records.stream()
                .collect(java.util.stream.Collectors.toMap(PostArchived::postObjectKey, a -> a, (a, b) -> a,
                        java.util.LinkedHashMap::new)).values());
        assertThat(records).hasSizeGreaterThanOrEqualTo(3);
        assertThat(distinct).as("the first and its repeat are one post object, the re-enriched copy another").hasSize(2);
        PostArchived asFirst = distinct.get(0);
        PostArchived asReEnriched = distinct.get(1);
        assertThat(records.stream().filter(a -> a.postObjectKey().equals(asFirst.postObjectKey()))
                .map(PostArchived::postSha256).distinct()).containsExactly(asFirst.postSha256());
        assertThat(object(asFirst.postObjectKey())).as("the post as first received").isEqualTo(codec.write(first));
        assertThat(object(asReEnriched.postObjectKey())).isEqualTo(codec.write(reEnriched));

        String prefix = asFirst.postObjectKey().substring(0, asFirst.postObjectKey().lastIndexOf('/') + 1);
        List<String> keys = new java.util.ArrayList<>();
        for (var item : s3().listObjects(io.minio.ListObjectsArgs.builder().bucket("evidence-archive").prefix(prefix).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        assertThat(keys).containsExactlyInAnyOrder(asFirst.postObjectKey(), asReEnriched.postObjectKey());

        // The version's index entry is the first copy's, written once; the re-enriched copy is recorded beside it.
        String postHash = org.evidencepipeline.storer.access.ArchiveIndex.postHash(first.postId());
        PostArchived entry = codec.read(object("index/posts/" + postHash + "/v1.json"), PostArchived.class);
        assertThat(entry.postObjectKey()).isEqualTo(asFirst.postObjectKey());
        PostArchived conflict = codec.read(object(org.evidencepipeline.storer.access.ArchiveIndex.conflictKey(first.postId(), 1,
                asReEnriched.postSha256())), PostArchived.class);
        assertThat(conflict.postObjectKey()).isEqualTo(asReEnriched.postObjectKey());
    }

    @Test
    void aRecordTooLargeToDeadLetterWholeGoesCutShortWithItsHashAndPostsBehindItFlow() throws Exception {
        // The topic was configured to take large records; the storer's dead-letter producer keeps its 1 MiB default.
        try (var admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.POSTS_ENRICHED), List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        byte[] huge = ("{\"text\":\"" + "Харків ".repeat(450_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(huge.length).isGreaterThan(EventCodec.MAX_EVENT_BYTES);
        media.serve("/after-huge.jpg", TestImages.jpeg(50, 40, 31), "image/jpeg");
        PostEnriched after = TestPosts.post("after-huge", "kharkiv", List.of(new MediaRef(media.url("/after-huge.jpg"), "image/jpeg", null)));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.POSTS_ENRICHED, 0, "huge", huge)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.POSTS_ENRICHED, 0, after.postId(), codec.write(after))).get(30, TimeUnit.SECONDS);
        }
        TopicProbe probe = new TopicProbe(bootstrap);
        assertThat(probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> after.postId().equals(x.key())),
                Duration.ofSeconds(60)).complete()).as("the post behind it is archived").isTrue();
        TopicProbe.Read dead = probe.readUntil(Topics.DEAD_LETTER_STORER, r -> r.stream().anyMatch(x -> "huge".equals(x.key())),
                Duration.ofSeconds(30)).records().stream().filter(x -> "huge".equals(x.key())).findFirst().orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("exceeds the " + EventCodec.MAX_EVENT_BYTES + " byte event limit");
        assertThat(dead.header("dead-letter-original-size")).isEqualTo(Integer.toString(huge.length));
        assertThat(dead.header("dead-letter-original-sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(huge)));
        assertThat(dead.header("dead-letter-topic")).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(dead.value()).isEqualTo(java.util.Arrays.copyOf(huge, 64 * 1024));
    }

    @Test
    void urlsJavaNetUriRejectsARedirectToOneAndADecodeBombAreArchivedWithTheirPost() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        raw.serve("/pic.jpg?q={a}|b", RawHttpServer.Reply.ok(TestImages.jpeg(64, 48, 61), "image/jpeg"));
        raw.serve("/hop?to=pipe", RawHttpServer.Reply.redirect(302, "/pic2.jpg?x=|y"));
        raw.serve("/pic2.jpg?x=|y", RawHttpServer.Reply.ok(TestImages.jpeg(64, 48, 62), "image/jpeg"));
        raw.serve("/bomb.png", RawHttpServer.Reply.ok(HostileImages.png(100_000_000, 1), "image/png"));
        raw.serve("/photo.jpg", RawHttpServer.Reply.ok(TestImages.jpeg(64, 48, 63), "image/jpeg"));
        List<String> urls = List.of(raw.url("/pic.jpg?q={a}|b"), raw.url("/hop?to=pipe"), raw.url("/bomb.png"), raw.url("/photo.jpg"));
        PostEnriched post = TestPosts.post("uri-1", "kharkiv", urls.stream().map(u -> new MediaRef(u, "image/jpeg", null)).toList());
        probe.send(Topics.POSTS_ENRICHED, post.postId(), codec.write(post));

        PostArchived archived = probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> "rss:uri-1".equals(x.key())),
                        Duration.ofSeconds(60)).records().stream().filter(x -> "rss:uri-1".equals(x.key()))
                .map(x -> codec.read(x.value(), PostArchived.class)).findFirst().orElseThrow();
        assertThat(archived.captures()).extracting(CaptureOutcome::mediaUrl).containsExactlyElementsOf(urls);
        assertThat(archived.captures()).allSatisfy(c -> assertThat(c).isInstanceOf(CaptureOutcome.Stored.class));
        assertThat(archived.provenance()).hasSize(4);
        ProvenanceRecord viaRedirect = archived.provenance().get(1);
        assertThat(viaRedirect.fetchedUrl()).isEqualTo(raw.url("/pic2.jpg?x=|y"));
        assertThat(object(viaRedirect.warcKey())).isNotEmpty();
        ProvenanceRecord bomb = archived.provenance().get(2);
        assertThat(bomb.perceptualHash()).isNull();
        assertThat(bomb.perceptualHashUnavailable()).isEqualTo("declared size 100000000x1 exceeds the decode limit of 32768x32768");
        assertThat(object(bomb.objectKey())).isEqualTo(HostileImages.png(100_000_000, 1));
        assertThat(archived.provenance().get(3).perceptualHash()).matches("[0-9a-f]{16}");
    }

    @Test
    void topicNamesMatchTheContracts() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.posts-enriched.topic", String.class)).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(config.getValue("mp.messaging.outgoing.posts-archived.topic", String.class)).isEqualTo(Topics.POSTS_ARCHIVED);
        assertThat(config.getValue("mp.messaging.outgoing.capture-dead-letter.topic", String.class)).isEqualTo(Topics.DEAD_LETTER_STORER);
        assertThat(config.getValue("mp.messaging.incoming.posts-enriched.dead-letter-queue.topic", String.class)).isEqualTo(Topics.DEAD_LETTER_STORER);
    }
}
