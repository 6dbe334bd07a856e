package org.evidencepipeline.storer.capture;

import io.minio.MinioClient;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.testsupport.RawHttpServer.Reply;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds on one post's captures, through the real downloader, WARC writer and S3 server. */
class PostCaptureBoundsTest {
    @TempDir
    static Path dir;
    static S3ProxyServer s3;
    static RawHttpServer media;
    static ArchiveStore store;
    static ArchiveIndex index;
    static final ToolInfo TOOL = new ToolInfo("storer", "test", "x");

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        media = RawHttpServer.start();
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        store = new ArchiveStore(client, "evidence-archive");
        store.ensureBucket();
        index = new ArchiveIndex(store, client);
    }

    @AfterAll
    static void stop() {
        media.close();
        s3.close();
    }

    private static CaptureService captures(Path temp) {
        SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))), SafeDownloader.HostResolver.SYSTEM,
                new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), 3, "t"), Clock.systemUTC());
        return new CaptureService(downloader, store, new WarcRecorder(TOOL, "t"), TOOL, temp, Optional.empty(),
                new PerceptualHash(DecodeProbe.DEFAULTS));
    }

    private static PostArchived archive(PostEnriched post, CaptureBudget budget, Path temp) throws Exception {
        return new Archiver(captures(temp), store, index, TOOL, Clock.systemUTC(), budget,
                new PostProvenanceWriter(store, TOOL, Optional.empty(), Clock.systemUTC()))
                .archive(post, ("{\"post\":\"" + post.postId() + "\"}").getBytes(StandardCharsets.UTF_8), new KafkaCoordinates("t", 0, 1), null);
    }

    @Test
    void aPostWithMoreMediaThanTheCapArchivesTheFirstNAndRecordsTheRestAsSkipped() throws Exception {
        List<MediaRef> refs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            media.serve("/cap/" + i + ".jpg", Reply.ok(TestImages.jpeg(40, 30, 100 + i), "image/jpeg"));
            refs.add(new MediaRef(media.url("/cap/" + i + ".jpg"), "image/jpeg", null));
        }
        PostArchived archived = archive(TestPosts.post("cap-1", "c", refs), new CaptureBudget(3, Duration.ofSeconds(30)), dir.resolve("t1"));

        assertThat(archived.captures()).hasSize(5);
        assertThat(archived.captures().subList(0, 3)).allSatisfy(c -> assertThat(c).isInstanceOf(CaptureOutcome.Stored.class));
        assertThat(archived.captures().subList(3, 5)).containsExactly(
                new CaptureOutcome.Skipped(refs.get(3).url(), "over the cap of 3 media per post (5 in this post)"),
                new CaptureOutcome.Skipped(refs.get(4).url(), "over the cap of 3 media per post (5 in this post)"));
        assertThat(media.targets()).as("skipped media are never fetched").doesNotContain("/cap/3.jpg", "/cap/4.jpg");
        assertThat(store.get(archived.postObjectKey())).isPresent();
    }

    @Test
    void aSlowServerSpendsThePostBudgetAndTheMediaNotReachedAreSkipped() throws Exception {
        List<MediaRef> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // 100 bytes at 50 ms a byte: 5 s each, never silent for the 2 s read timeout, under the 10 s capture deadline.
            media.serve("/slow/" + i, Reply.ok(new byte[100], "application/octet-stream").dripping(50));
            refs.add(new MediaRef(media.url("/slow/" + i), null, null));
        }
        long started = System.nanoTime();
        PostArchived archived = archive(TestPosts.post("slow-1", "c", refs), new CaptureBudget(20, Duration.ofSeconds(2)), dir.resolve("t2"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(archived.captures().get(0)).isInstanceOfSatisfying(CaptureOutcome.Failed.class,
                f -> assertThat(f.reason()).startsWith("capture deadline of "));
        assertThat(archived.captures().subList(1, 3)).allSatisfy(c -> assertThat(c).isInstanceOfSatisfying(CaptureOutcome.Skipped.class,
                s -> assertThat(s.reason()).isEqualTo("the post's capture time budget of PT2S was spent before this item")));
        assertThat(media.targets()).as("media not reached are never fetched").doesNotContain("/slow/1", "/slow/2");
        // One uncut drip alone takes 5 s; the post took its 2 s budget plus the S3 writes of a loaded test machine.
        assertThat(millis).as("the whole post, S3 writes included").isLessThan(5_000);
    }

    @Test
    void aCaptureWhoseWarcCannotBeWrittenFailsAloneAndThePostAndItsOtherMediaAreArchived() throws Exception {
        media.serve("/warc/0.jpg", Reply.ok(TestImages.jpeg(40, 30, 200), "image/jpeg"));
        media.serve("/warc/1.jpg", Reply.ok(TestImages.jpeg(40, 30, 201), "image/jpeg"));
        PostEnriched post = TestPosts.post("warc-1", "c", List.of(new MediaRef(media.url("/warc/0.jpg"), "image/jpeg", null),
                new MediaRef(media.url("/warc/1.jpg"), "image/jpeg", null)));
        Path temp = dir.resolve("t3");
        CaptureService captures = captures(temp);
        // A real local failure: where the first capture's WARC file would go there is a directory.
        Files.createDirectories(temp.resolve(CaptureService.captureId(post.postId(), 1, 0, media.url("/warc/0.jpg")) + ".warc.gz").resolve("x"));

        PostArchived archived = new Archiver(captures, store, index, TOOL, Clock.systemUTC(), new CaptureBudget(20, Duration.ofSeconds(30)),
                new PostProvenanceWriter(store, TOOL, Optional.empty(), Clock.systemUTC()))
                .archive(post, "{\"post\":\"warc-1\"}".getBytes(StandardCharsets.UTF_8), new KafkaCoordinates("t", 0, 2), null);

        assertThat(archived.captures().get(0)).isInstanceOfSatisfying(CaptureOutcome.Failed.class,
                f -> assertThat(f.reason()).startsWith("capture failed: java.io.IOException: cannot write the WARC of this capture"));
        assertThat(archived.captures().get(1)).isInstanceOf(CaptureOutcome.Stored.class);
        assertThat(archived.provenance()).hasSize(1);
        assertThat(store.get(archived.postObjectKey())).isPresent();
        assertThat(index.post(post.postId())).hasSize(1);
    }
}
