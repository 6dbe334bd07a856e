package org.evidencepipeline.storer.capture;

import io.minio.MinioClient;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.storer.TestFetches;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay (the input consumed again because its offset was not committed) finds every object stored and states the
 * same ledger entries again, identical apart from their time, so the ledger can drop them as repeats; against the real
 * S3 server, a real TSA stamping each record (storer.timestamp.per-record) and a real HTTP server for the media.
 */
class ReplayPublishesTheSameEntriesTest {
    private static final ToolInfo TOOL = new ToolInfo("storer", "test", "x");
    private final EventCodec codec = new EventCodec();

    private static Archiver archiver(ArchiveStore store, MinioClient client, Optional<TimestampClient> tsa, Path temp) {
        SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))), SafeDownloader.HostResolver.SYSTEM,
                new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), 3, "t"), Clock.systemUTC());
        CaptureService captures = new CaptureService(downloader, store, new WarcRecorder(TOOL, "t"), TOOL, temp, tsa,
                new PerceptualHash(DecodeProbe.DEFAULTS), Clock.systemUTC());
        return new Archiver(captures, store, new ArchiveIndex(store, client), TOOL, Clock.systemUTC(), new CaptureBudget(20, Duration.ofSeconds(30)),
                new PostProvenanceWriter(store, TOOL, tsa, Clock.systemUTC()));
    }

    @Test
    void aReplayStatesEveryObjectAgainWithTheSameEntriesApartFromTime(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); LocalTsaServer tsa = LocalTsaServer.start();
             RawHttpServer media = RawHttpServer.start()) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            ArchiveStore store = new ArchiveStore(client, "evidence-archive");
            store.ensureBucket();
            Archiver archiver = archiver(store, client, Optional.of(new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(5))),
                    dir.resolve("tmp"));
            media.serve("/replay.jpg", RawHttpServer.Reply.ok(TestImages.jpeg(64, 48, 7), "image/jpeg"));
            TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/replay.xml", List.of("one", "two"), 1);
            store.putEvidenceBytesIfAbsent(fetch.warcKey(), fetch.warc(), "application/warc");
            PostEnriched post = TestPosts.withSource(TestPosts.post("replay-1", "replay-watch",
                    List.of(new MediaRef(media.url("/replay.jpg"), "image/jpeg", null))), fetch.evidence());
            byte[] bytes = codec.write(post);

            Instant before = Instant.now();
            Archiver.Archived first = archiver.archiveWithEntries(post, bytes, new KafkaCoordinates("posts.enriched.v1", 0, 3), "t1");
            Instant between = Instant.now();
            Archiver.Archived replay = archiver.archiveWithEntries(post, bytes, new KafkaCoordinates("posts.enriched.v1", 0, 3), "t2");

            assertThat(replay.record().captures().get(0)).as("the replay found the capture").isInstanceOf(CaptureOutcome.Duplicate.class);
            assertThat(media.targets()).as("fetched once").containsExactly("/replay.jpg");
            assertThat(first.entries()).extracting(LedgerEntry::kind).containsExactly(
                    LedgerEntry.MEDIA, LedgerEntry.MEDIA, LedgerEntry.MEDIA_PROVENANCE, LedgerEntry.TIMESTAMP,
                    LedgerEntry.POST, LedgerEntry.POST_PROVENANCE, LedgerEntry.RAW_ITEM, LedgerEntry.TIMESTAMP);
            assertThat(replay.entries().stream().map(ReplayPublishesTheSameEntriesTest::withoutTime).toList())
                    .isEqualTo(first.entries().stream().map(ReplayPublishesTheSameEntriesTest::withoutTime).toList());
            assertThat(first.entries()).allSatisfy(e -> assertThat(e.time()).isBetween(before, between));
            assertThat(replay.entries()).allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(between));

            // Each whole-object entry is the stored object's bytes, re-hashed from the archive; the raw item its range.
            for (LedgerEntry e : first.entries()) {
                assertThat(e.postId()).isEqualTo(post.postId());
                assertThat(e.postVersion()).isEqualTo(1);
                assertThat(e.collectionIds()).containsExactly("replay-watch");
                assertThat(e.versionId()).as("S3Proxy's bucket is unversioned").isNull();
                if (LedgerEntry.RAW_ITEM.equals(e.kind())) {
                    assertThat(e.key()).isEqualTo(fetch.warcKey());
                    assertThat(e.within()).isEqualTo(new LedgerEntry.Within(fetch.evidence().warcRecordId(),
                            fetch.evidence().itemOffset(), fetch.evidence().itemLength()));
                    byte[] item = java.util.Arrays.copyOfRange(fetch.body(), (int) e.within().offset(),
                            (int) (e.within().offset() + e.within().length()));
                    assertThat(e.sha256()).isEqualTo(Hashes.sha256Hex(item));
                    assertThat(e.size()).isEqualTo(item.length);
                } else {
                    byte[] stored = store.get(e.key()).orElseThrow();
                    assertThat(e.sha256()).as(e.key()).isEqualTo(Hashes.sha256Hex(stored));
                    assertThat(e.size()).as(e.key()).isEqualTo(stored.length);
                    assertThat(e.within()).isNull();
                }
            }
        }
    }

    @Test
    void theSameMediaBytesInAnotherPostAreStatedForThatPostsCaptureWithoutBeingWrittenAgain(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); RawHttpServer media = RawHttpServer.start()) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            ArchiveStore store = new ArchiveStore(client, "evidence-archive");
            store.ensureBucket();
            Archiver archiver = archiver(store, client, Optional.empty(), dir.resolve("tmp"));
            byte[] photo = TestImages.jpeg(40, 30, 9);
            media.serve("/a.jpg", RawHttpServer.Reply.ok(photo, "image/jpeg"));
            media.serve("/b.jpg", RawHttpServer.Reply.ok(photo, "image/jpeg"));
            PostEnriched a = TestPosts.post("shared-a", "c", List.of(new MediaRef(media.url("/a.jpg"), "image/jpeg", null)));
            PostEnriched b = TestPosts.post("shared-b", "c", List.of(new MediaRef(media.url("/b.jpg"), "image/jpeg", null)));

            LedgerEntry mediaOfA = archiver.archiveWithEntries(a, codec.write(a), null, null).entries().get(0);
            Archiver.Archived archivedB = archiver.archiveWithEntries(b, codec.write(b), null, null);
            LedgerEntry mediaOfB = archivedB.entries().get(0);

            assertThat(archivedB.record().captures().get(0)).isInstanceOf(CaptureOutcome.Duplicate.class);
            assertThat(mediaOfB.kind()).isEqualTo(LedgerEntry.MEDIA);
            assertThat(mediaOfB.key()).isEqualTo(mediaOfA.key()).isEqualTo(ArchiveStore.contentKey(Hashes.sha256Hex(photo)));
            assertThat(mediaOfB.sha256()).isEqualTo(Hashes.sha256Hex(photo));
            assertThat(mediaOfB.size()).isEqualTo(photo.length);
            assertThat(mediaOfB.postId()).isEqualTo(b.postId());
            assertThat(mediaOfB.captureId()).isNotEqualTo(mediaOfA.captureId())
                    .isEqualTo(CaptureService.captureId(b.postId(), 1, 0, media.url("/b.jpg")));
            // No TSA per record: no token and no timestamp entry; the post has no source evidence: no raw item.
            assertThat(archivedB.entries()).extracting(LedgerEntry::kind).containsExactly(
                    LedgerEntry.MEDIA, LedgerEntry.MEDIA, LedgerEntry.MEDIA_PROVENANCE, LedgerEntry.POST);
        }
    }

    private static LedgerEntry withoutTime(LedgerEntry e) {
        return new LedgerEntry(e.schemaVersion(), e.kind(), e.key(), e.sha256(), e.size(), e.captureId(), e.postId(), e.postVersion(),
                e.collectionIds(), Instant.EPOCH, e.versionId(), e.within());
    }
}
