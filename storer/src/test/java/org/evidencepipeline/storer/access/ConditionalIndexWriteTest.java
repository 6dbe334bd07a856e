package org.evidencepipeline.storer.access;

import io.minio.MinioClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Index entries of a post version are write-once on the real S3 server: conflicting copies go beside, never over. */
class ConditionalIndexWriteTest {
    @TempDir
    static Path dir;
    static S3ProxyServer s3;
    static ArchiveStore store;
    static ArchiveIndex index;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        store = new ArchiveStore(client, "evidence-archive");
        store.ensureBucket();
        index = new ArchiveIndex(store, client);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static PostArchived archived(String postId, String postSha256, Instant at) {
        return new PostArchived(1, postId, 1, List.of("c"), "evidence-archive", "posts/x/v1/" + postSha256 + ".json", postSha256,
                List.of(), List.of(), new KafkaCoordinates("t", 0, 1), at, new ToolInfo("storer", "test", "x"));
    }

    private static String versionKey(String postId) {
        return "index/posts/" + ArchiveIndex.postHash(postId) + "/v1.json";
    }

    @Test
    void theS3ServerHonoursIfNoneMatch() throws Exception {
        assertThat(store.putBytesIfAbsent("probe/once", "first".getBytes(StandardCharsets.UTF_8), "text/plain")).isTrue();
        assertThat(store.putBytesIfAbsent("probe/once", "second".getBytes(StandardCharsets.UTF_8), "text/plain")).isFalse();
        assertThat(store.get("probe/once")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("first"));
    }

    @Test
    void aConflictingSecondCopyIsKeptBesideTheFirstAndAReplayChangesNothing() throws Exception {
        String postId = "rss:feed-a:1";
        PostArchived first = archived(postId, "a".repeat(64), Instant.parse("2026-12-01T10:00:00Z"));
        PostArchived replay = archived(postId, "a".repeat(64), Instant.parse("2026-12-01T10:05:00Z"));
        PostArchived other = archived(postId, "b".repeat(64), Instant.parse("2026-12-01T10:06:00Z"));

        assertThat(index.record(first)).isEqualTo(ArchiveIndex.Entry.FIRST);
        assertThat(index.record(replay)).isEqualTo(ArchiveIndex.Entry.REPLAY);
        assertThat(index.record(other)).isEqualTo(ArchiveIndex.Entry.CONFLICT);
        assertThat(index.record(other)).as("the same conflicting copy again").isEqualTo(ArchiveIndex.Entry.CONFLICT);

        assertThat(store.get(versionKey(postId))).hasValueSatisfying(b -> assertThat(b).isEqualTo(codec.write(first)));
        assertThat(index.post(postId)).containsExactly(first);
        assertThat(index.conflicts(postId)).containsExactly(other);
        assertThat(store.keys("index/conflicts/" + ArchiveIndex.postHash(postId) + "/"))
                .containsExactly(ArchiveIndex.conflictKey(postId, 1, "b".repeat(64)));
    }

    @Test
    void twoCopiesRacingForOneVersionNeverBothWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                String postId = "rss:race:" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<ArchiveIndex.Entry>> results = new ArrayList<>();
                for (String sha : List.of("c".repeat(64), "d".repeat(64))) {
                    results.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return index.record(archived(postId, sha, Instant.parse("2026-12-01T11:00:00Z")));
                    }));
                }
                List<ArchiveIndex.Entry> entries = new ArrayList<>();
                for (Future<ArchiveIndex.Entry> f : results) {
                    entries.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(entries).as("round %d", round).containsExactlyInAnyOrder(ArchiveIndex.Entry.FIRST, ArchiveIndex.Entry.CONFLICT);
                PostArchived winner = index.post(postId).get(0);
                assertThat(index.conflicts(postId)).extracting(PostArchived::postSha256).containsExactly(
                        winner.postSha256().equals("c".repeat(64)) ? "d".repeat(64) : "c".repeat(64));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
