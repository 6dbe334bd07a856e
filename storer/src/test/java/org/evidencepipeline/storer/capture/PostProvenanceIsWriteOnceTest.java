package org.evidencepipeline.storer.capture;

import io.minio.MinioClient;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.storer.TestFetches;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.storer.verify.LedgerFixture;
import org.evidencepipeline.storer.verify.Verifier;
import org.evidencepipeline.storer.verify.VerifyReport;
import org.evidencepipeline.storer.verify.VerifyStatus;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The post provenance record against the real S3 server and a real RFC 3161 TSA, through the archiver itself: written
 * once and found again on a replay, time-stamped, and never standing for an object that names no raw item.
 */
class PostProvenanceIsWriteOnceTest {
    private static final ToolInfo TOOL = new ToolInfo("storer", "test", "x");
    private final EventCodec codec = new EventCodec();

    /** The storer's archiver on S3Proxy, and a real ledger (signed, time-stamped by {@code ledgerTsa}) verify trusts. */
    private record Rig(ArchiveStore store, ArchiveIndex index, Archiver archiver, LedgerFixture ledger, Verifier verifier) {
        /** Ledgers a post version's objects as the storer's entries would, under a new checkpoint. */
        void ledgered(PostProvenance p) throws Exception {
            ledger.ledger(ArchiveStore.postProvenanceKey(p.provenanceId()));
        }
    }

    private static Rig rig(S3ProxyServer s3, LocalTsaServer ledgerTsa, Optional<TimestampClient> tsa, Path dir) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        ArchiveStore store = new ArchiveStore(client, "evidence-archive");
        store.ensureBucket();
        ArchiveIndex index = new ArchiveIndex(store, client);
        SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of()), SafeDownloader.HostResolver.SYSTEM,
                new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "t"), Clock.systemUTC());
        CaptureService captures = new CaptureService(downloader, store, new WarcRecorder(TOOL, "t"), TOOL, dir.resolve("tmp"), tsa,
                new PerceptualHash(DecodeProbe.DEFAULTS));
        Archiver archiver = new Archiver(captures, store, index, TOOL, Clock.systemUTC(), new CaptureBudget(20, Duration.ofSeconds(30)),
                new PostProvenanceWriter(store, TOOL, tsa, Clock.systemUTC()));
        LedgerFixture ledger = new LedgerFixture(store, ledgerTsa);
        return new Rig(store, index, archiver, ledger, new Verifier(store, index, Clock.systemUTC(), ledger.trust()));
    }

    private PostArchived archive(Rig rig, PostEnriched post, long offset) throws Exception {
        return rig.archiver().archive(post, codec.write(post), new KafkaCoordinates("posts.enriched.v1", 0, offset), "trace-" + offset);
    }

    /** The same post version as a crashed upstream stage publishes it again: collected and enriched later. */
    private static PostEnriched repeated(PostEnriched e) {
        PostCollected p = e.post();
        PostCollected again = new PostCollected(p.schemaVersion(), p.postId(), p.platform(), p.platformId(), p.version(), p.sourceId(),
                p.collectionIds(), p.url(), p.author(), p.title(), p.text(), p.languageHint(), p.publishedAt(), p.collectedAt().plusSeconds(60),
                p.media(), p.geo(), p.contentHash(), p.collector(), p.source());
        return new PostEnriched(e.schemaVersion(), again, e.language(), e.hashtags(), e.mentions(), e.links(), e.expandedLinks(),
                e.textSha256(), e.simhash(), e.enrichedAt().plusSeconds(60), e.enricher());
    }

    @Test
    void aReplayFindsTheFirstRecordAndARepeatUpstreamWritesNoSecond(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); LocalTsaServer tsa = LocalTsaServer.start()) {
            Rig rig = rig(s3, tsa, Optional.empty(), dir);
            TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/once.xml", List.of("one", "two"), 0);
            rig.store().putEvidenceBytesIfAbsent(fetch.warcKey(), fetch.warc(), "application/warc");
            PostEnriched post = TestPosts.withSource(TestPosts.post("once-1", "once-watch", List.of()), fetch.evidence());

            PostProvenance first = archive(rig, post, 1).postProvenance();
            String key = ArchiveStore.postProvenanceKey(first.provenanceId());
            byte[] stored = rig.store().get(key).orElseThrow();
            assertThat(first.input()).isEqualTo(new KafkaCoordinates("posts.enriched.v1", 0, 1));
            assertThat(first.traceId()).isEqualTo("trace-1");

            // The same record consumed again (the offset was not committed), and the version published again upstream.
            PostArchived replay = archive(rig, post, 7);
            PostArchived repeat = archive(rig, repeated(post), 9);
            assertThat(replay.postProvenance()).isEqualTo(first);
            assertThat(repeat.postProvenance()).isEqualTo(first);
            assertThat(repeat.postObjectKey()).isEqualTo(first.normalisedPostKey());
            assertThat(rig.store().get(key).orElseThrow()).isEqualTo(stored);
            assertThat(rig.store().keys("provenance/posts/")).containsExactly(key);
            assertThat(rig.index().postProvenance(post.postId())).containsExactly(key);
            rig.ledgered(first);

            VerifyReport report = rig.verifier().post(post.postId());
            assertThat(report.items()).singleElement().satisfies(i -> {
                assertThat(i.kind()).isEqualTo(VerifyReport.POST);
                assertThat(i.status()).isEqualTo(VerifyStatus.OK);
            });
        }
    }

    @Test
    void aStoredObjectWithoutEvidenceNeverStandsForAPostThatHasSome(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); LocalTsaServer tsa = LocalTsaServer.start()) {
            Rig rig = rig(s3, tsa, Optional.empty(), dir);
            PostEnriched bare = TestPosts.post("bare-1", "bare-watch", List.of());
            PostArchived first = archive(rig, bare, 1);
            assertThat(first.postProvenance()).isNull();
            assertThat(rig.verifier().post(bare.postId()).totalsByKind().get(VerifyReport.POST).get(VerifyStatus.OK)).isZero();

            // The same version again, now from a collector that preserved its fetch.
            TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/bare.xml", List.of("only"), 0);
            rig.store().putEvidenceBytesIfAbsent(fetch.warcKey(), fetch.warc(), "application/warc");
            PostArchived second = archive(rig, repeated(TestPosts.withSource(bare, fetch.evidence())), 2);
            assertThat(second.postObjectKey()).isNotEqualTo(first.postObjectKey());
            assertThat(second.postProvenance()).isNotNull();
            assertThat(second.postProvenance().normalisedPostKey()).isEqualTo(second.postObjectKey());
            PostEnriched named = codec.read(rig.store().get(second.postObjectKey()).orElseThrow(), PostEnriched.class);
            assertThat(named.post().source()).isEqualTo(fetch.evidence());
            rig.ledgered(second.postProvenance());
            // Its archive record is a conflict of the first (kept under index/conflicts/): verify still finds it by post.
            assertThat(rig.verifier().post(bare.postId()).items()).filteredOn(i -> VerifyReport.POST.equals(i.kind()))
                    .singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(VerifyStatus.OK));
        }
    }

    @Test
    void aNormalisedPostThatNamesAnotherItemIsAMismatchEvenWithItsRecordedHashRewritten(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); LocalTsaServer tsa = LocalTsaServer.start()) {
            Rig rig = rig(s3, tsa, Optional.empty(), dir);
            TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/two.xml", List.of("first", "second"), 0);
            rig.store().putEvidenceBytesIfAbsent(fetch.warcKey(), fetch.warc(), "application/warc");
            PostEnriched post = TestPosts.withSource(TestPosts.post("named-1", "named-watch", List.of()), fetch.evidence());
            PostProvenance p = archive(rig, post, 1).postProvenance();

            // The stored post is rewritten to say it came from the feed's other item, and (no TSA here) the record's hash of
            // it is rewritten to match: every hash agrees, but the post no longer names the item the record vouches for.
            TestFetches.Fetch other = TestFetches.rss("http://feed.example.org/two.xml", List.of("first", "second"), 1);
            byte[] forged = codec.write(TestPosts.withSource(post, other.evidence()));
            rig.store().putBytes(p.normalisedPostKey(), forged, "application/json");
            String key = ArchiveStore.postProvenanceKey(p.provenanceId());
            String record = new String(rig.store().get(key).orElseThrow(), StandardCharsets.UTF_8)
                    .replace("\"normalisedPostSha256\":\"" + p.normalisedPostSha256() + "\"",
                            "\"normalisedPostSha256\":\"" + Hashes.sha256Hex(forged) + "\"");
            rig.store().putBytes(key, record.getBytes(StandardCharsets.UTF_8), "application/json");

            VerifyReport.Item item = rig.verifier().post(post.postId()).items().get(0);
            assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
            assertThat(item.detail()).contains("normalised post no longer names the raw item of this record")
                    .doesNotContain("SHA-256 differs").doesNotContain("not in the archive");
        }
    }

    @Test
    void thePostProvenanceIsTimeStampedSoARecordRewrittenToMatchAForgedPostIsCaught(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); LocalTsaServer tsa = LocalTsaServer.start()) {
            Rig rig = rig(s3, tsa, Optional.of(new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(5))), dir);
            TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/stamped.xml", List.of("one", "two"), 1);
            rig.store().putEvidenceBytesIfAbsent(fetch.warcKey(), fetch.warc(), "application/warc");
            PostEnriched post = TestPosts.withSource(TestPosts.post("stamped-1", "stamped-watch", List.of()), fetch.evidence());
            PostProvenance p = archive(rig, post, 1).postProvenance();
            assertThat(rig.store().exists(ArchiveStore.postTimestampKey(p.provenanceId()))).isTrue();
            rig.ledgered(p);
            VerifyReport before = rig.verifier().post(post.postId());
            assertThat(before.items().get(0).status()).isEqualTo(VerifyStatus.OK);
            assertThat(before.items().get(0).detail()).contains("time-stamped").contains("Local test TSA");

            // A forger edits the normalised post and rewrites the record's hash of it to match.
            byte[] forged = new String(rig.store().get(p.normalisedPostKey()).orElseThrow(), StandardCharsets.UTF_8)
                    .replace("Вранці", "Ввечері").getBytes(StandardCharsets.UTF_8);
            rig.store().putBytes(p.normalisedPostKey(), forged, "application/json");
            String key = ArchiveStore.postProvenanceKey(p.provenanceId());
            String record = new String(rig.store().get(key).orElseThrow(), StandardCharsets.UTF_8)
                    .replace("\"normalisedPostSha256\":\"" + p.normalisedPostSha256() + "\"",
                            "\"normalisedPostSha256\":\"" + Hashes.sha256Hex(forged) + "\"");
            rig.store().putBytes(key, record.getBytes(StandardCharsets.UTF_8), "application/json");

            VerifyReport after = rig.verifier().post(post.postId());
            assertThat(after.items().get(0).status()).isEqualTo(VerifyStatus.MISMATCH);
            assertThat(after.items().get(0).detail()).contains("changed after it was time-stamped")
                    .doesNotContain("normalised post " + p.normalisedPostKey() + " SHA-256 differs").doesNotContain("not in the archive");
        }
    }
}
