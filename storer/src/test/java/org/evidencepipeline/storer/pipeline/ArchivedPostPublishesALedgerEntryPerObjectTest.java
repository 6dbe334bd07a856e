package org.evidencepipeline.storer.pipeline;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.storer.TestFetches;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The running storer against the real broker and the real S3 server: a text post with its source evidence and one
 * picture yields one ledger entry per object on ledger.entries.v1, keyed by the post id, each stating the stored
 * bytes (re-hashed from S3) or, for the raw item, the range of the fetch WARC record's payload; and all of them are
 * on the topic once the input's offset is committed.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
class ArchivedPostPublishesALedgerEntryPerObjectTest {
    static FeedReplayServer media;
    static final byte[] PHOTO = TestImages.jpeg(120, 90, 41);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The test broker, injected by KafkaBrokerResource. */
    EmbeddedKafka kafka;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startMediaServer() {
        media = FeedReplayServer.start();
        media.serve("/ledger-photo.jpg", PHOTO, "image/jpeg");
    }

    @AfterAll
    static void stopMediaServer() {
        media.close();
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
    void aTextPostWithSourceEvidenceAndAPictureGetsAnEntryPerObjectBeforeItsOffsetIsCommitted() throws Exception {
        TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/ledger.xml", List.of("перший", "другий", "третій"), 1);
        s3().putObject(PutObjectArgs.builder().bucket("evidence-archive").object(fetch.warcKey())
                .data(fetch.warc(), fetch.warc().length).contentType("application/warc").build());
        PostEnriched post = TestPosts.withSource(TestPosts.post("ledger-1", "ledger-watch",
                List.of(new MediaRef(media.url("/ledger-photo.jpg"), "image/jpeg", null))), fetch.evidence());
        byte[] postBytes = codec.write(post);
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.POSTS_ENRICHED, post.postId(), postBytes);

        PostArchived archived = probe.readUntil(Topics.POSTS_ARCHIVED, r -> r.stream().anyMatch(x -> post.postId().equals(x.key())),
                        Duration.ofSeconds(60)).records().stream().filter(x -> post.postId().equals(x.key()))
                .map(x -> codec.read(x.value(), PostArchived.class)).findFirst().orElseThrow();
        assertThat(archived.captures().get(0)).isInstanceOf(CaptureOutcome.Stored.class);

        // Once the input's offset is committed, every entry of the post is already on the topic.
        awaitCommitted(archived.input().partition(), archived.input().offset());
        List<TopicProbe.Read> records = probe.readAll(Topics.LEDGER_ENTRIES).stream()
                .filter(r -> post.postId().equals(r.key())).toList();
        List<LedgerEntry> entries = records.stream().map(r -> codec.read(r.value(), LedgerEntry.class)).toList();
        assertThat(entries).extracting(LedgerEntry::kind).containsExactlyInAnyOrder(LedgerEntry.MEDIA, LedgerEntry.MEDIA,
                LedgerEntry.MEDIA_PROVENANCE, LedgerEntry.POST, LedgerEntry.POST_PROVENANCE, LedgerEntry.RAW_ITEM);
        assertThat(records).as("no TSA per record here: no tokens, no timestamp entries").hasSize(6);

        CaptureOutcome.Stored stored = (CaptureOutcome.Stored) archived.captures().get(0);
        String provenanceId = archived.postProvenance().provenanceId();
        assertThat(entries).extracting(LedgerEntry::key).containsExactlyInAnyOrder(stored.objectKey(),
                archived.provenance().get(0).warcKey(), stored.provenanceKey(), archived.postObjectKey(),
                "provenance/posts/" + provenanceId + ".json", fetch.warcKey());
        for (LedgerEntry e : entries) {
            assertThat(e.postId()).isEqualTo(post.postId());
            assertThat(e.postVersion()).isEqualTo(1);
            assertThat(e.collectionIds()).containsExactly("ledger-watch");
            assertThat(e.versionId()).as("S3Proxy's bucket is unversioned").isNull();
            assertThat(e.time()).isBeforeOrEqualTo(archived.archivedAt());
            if (LedgerEntry.RAW_ITEM.equals(e.kind())) {
                byte[] payload = payloadOf(object(e.key()), e.within().warcRecordId());
                byte[] item = Arrays.copyOfRange(payload, (int) e.within().offset(), (int) (e.within().offset() + e.within().length()));
                assertThat(e.sha256()).isEqualTo(Hashes.sha256Hex(item)).isEqualTo(fetch.evidence().itemSha256());
                assertThat(e.size()).isEqualTo(item.length);
                assertThat(e.captureId()).isEqualTo(provenanceId);
            } else {
                byte[] bytes = object(e.key());
                assertThat(e.sha256()).as(e.key()).isEqualTo(Hashes.sha256Hex(bytes));
                assertThat(e.size()).as(e.key()).isEqualTo(bytes.length);
            }
        }
        assertThat(entries).filteredOn(e -> LedgerEntry.POST.equals(e.kind())).singleElement()
                .satisfies(e -> assertThat(e.captureId()).isNull());
        assertThat(entries).filteredOn(e -> e.kind().startsWith("media")).allSatisfy(e -> assertThat(e.captureId()).isEqualTo(stored.captureId()));
        assertThat(object(archived.postObjectKey())).isEqualTo(postBytes);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("storer_ledger_entries_published_total{kind=\"raw-item\"}"))
                .body(containsString("storer_ledger_entries_published_total{kind=\"media-provenance\"}"));
    }

    @Test
    void theLedgerChannelWritesToTheContractsTopic() {
        assertThat(ConfigProvider.getConfig().getValue("mp.messaging.outgoing.ledger-entries.topic", String.class))
                .isEqualTo(Topics.LEDGER_ENTRIES);
    }

    private void awaitCommitted(int partition, long offset) throws Exception {
        TopicPartition tp = new TopicPartition(Topics.POSTS_ENRICHED, partition);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = kafka.admin()) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("storer")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                OffsetAndMetadata o = committed.get(tp);
                if (o != null && o.offset() > offset) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("offset " + offset + " of " + tp + " was not committed within 60 s");
    }

    /** The payload of the WARC record {@code recordId} (the HTTP body of a response), read with jwarc. */
    static byte[] payloadOf(byte[] warc, String recordId) throws Exception {
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
            for (WarcRecord record : reader) {
                if (record.id().toString().equals(recordId) && record instanceof WarcResponse response) {
                    return response.http().body().stream().readAllBytes();
                }
            }
        }
        throw new AssertionError("no response record " + recordId);
    }
}
