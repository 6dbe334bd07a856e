package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.storer.TestFetches;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.storer.capture.Archiver;
import org.evidencepipeline.storer.capture.CaptureBudget;
import org.evidencepipeline.storer.capture.CaptureService;
import org.evidencepipeline.storer.capture.PerceptualHash;
import org.evidencepipeline.storer.capture.PostProvenanceWriter;
import org.evidencepipeline.storer.capture.WarcRecorder;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TestImages;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real archive and a real ledger for the ledger-verify tests: S3Proxy, a local TSA, a media server on loopback, the
 * storer's own Archiver (a post with its raw item in a fetch WARC, and one media item), page captures as the capturer
 * stores them, and {@link LedgerFixture} ledgering what was stored.
 */
final class LedgerRig implements AutoCloseable {
    final S3ProxyServer s3;
    final LocalTsaServer tsa;
    final FeedReplayServer media;
    final MinioClient client;
    final ArchiveStore store;
    final ArchiveIndex index;
    final Archiver archiver;
    final LedgerFixture ledger;
    final Path dir;
    private int seed = 40;

    /** A post version archived by the storer: its post provenance record and its one media capture. */
    record Archived(String postId, String postProvenanceKey, CaptureOutcome.Stored media, TestFetches.Fetch fetch) {
        List<String> provenanceKeys() {
            return List.of(postProvenanceKey, media.provenanceKey());
        }
    }

    private LedgerRig(Path dir) throws Exception {
        this.dir = dir;
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        tsa = LocalTsaServer.start();
        media = FeedReplayServer.start();
        client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        store = new ArchiveStore(client, "evidence-archive");
        store.ensureBucket();
        index = new ArchiveIndex(store, client);
        ToolInfo tool = new ToolInfo("storer", "test", "x");
        SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))), SafeDownloader.HostResolver.SYSTEM,
                new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "t"), Clock.systemUTC());
        CaptureService captures = new CaptureService(downloader, store, new WarcRecorder(tool, "t"), tool, dir.resolve("tmp"),
                Optional.empty(), new PerceptualHash(new PerceptualHash.Limits(32_768, 32_768, 100_000_000L, 128L << 20)));
        archiver = new Archiver(captures, store, index, tool, Clock.systemUTC(), new CaptureBudget(20, Duration.ofSeconds(30)),
                new PostProvenanceWriter(store, tool, Optional.empty(), Clock.systemUTC()));
        ledger = new LedgerFixture(store, tsa);
    }

    static LedgerRig start(Path dir) throws Exception {
        return new LedgerRig(dir);
    }

    /** Archives a post whose raw item is the second item of a preserved RSS fetch, with one JPEG; not yet ledgered. */
    Archived archive(String postId) throws Exception {
        String path = "/" + postId + ".jpg";
        media.serve(path, TestImages.jpeg(64, 48, seed++), "image/jpeg");
        TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/" + postId + ".xml", List.of("one", "two " + postId, "three"), 1);
        store.putBytes(fetch.warcKey(), fetch.warc(), "application/warc");
        PostEnriched post = TestPosts.withSource(TestPosts.post(postId, postId + "-watch",
                List.of(new MediaRef(media.url(path), "image/jpeg", null))), fetch.evidence());
        PostArchived archived = archiver.archive(post, new org.evidencepipeline.contracts.EventCodec().write(post), new KafkaCoordinates("t", 0, seed), null);
        CaptureOutcome.Stored stored = (CaptureOutcome.Stored) archived.captures().get(0);
        return new Archived(archived.postId(), ArchiveStore.postProvenanceKey(archived.postProvenance().provenanceId()), stored, fetch);
    }

    /** Archives a post and ledgers every object of it under a new signed, time-stamped checkpoint. */
    Archived archiveAndLedger(String postId) throws Exception {
        Archived a = archive(postId);
        List<org.evidencepipeline.contracts.LedgerEntry> entries = new ArrayList<>();
        for (String key : a.provenanceKeys()) {
            entries.addAll(ledger.entriesOf(key));
        }
        ledger.append(entries);
        ledger.checkpoint(true);
        return a;
    }

    /** A page capture as the capturer stores it, ledgered under a new signed, time-stamped checkpoint. */
    PageCaptures.Capture pageAndLedger(String postId) throws Exception {
        PageCaptures.Capture c = PageCaptures.build(postId, PageCaptures.Warc.AS_RECORDED);
        PageCaptures.write(store, c);
        ledger.ledger(ArchiveStore.pageProvenanceKey(c.captureId()));
        return c;
    }

    Verifier verifier() {
        return new Verifier(store, index, Clock.systemUTC(), ledger.trust());
    }

    /** {@code ./pipeline verify ARGS} against this archive, trusting this ledger's key and TSA as the settings would. */
    Cli cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--endpoint", s3.endpoint()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(all.toArray(String[]::new), Map.of("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY,
                        "STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY, "STORER_LEDGER_VERIFIER_KEY", ledger.verifierKey(),
                        "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE", ledger.tsaCertificateFile(dir).toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8));
    }

    record Cli(int exit, String out) {
    }

    @Override
    public void close() {
        media.close();
        tsa.close();
        s3.close();
    }
}
