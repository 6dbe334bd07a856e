package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
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
import org.evidencepipeline.storer.capture.Archiver;
import org.evidencepipeline.storer.capture.PostProvenanceWriter;
import org.evidencepipeline.storer.capture.CaptureBudget;
import org.evidencepipeline.storer.capture.CaptureService;
import org.evidencepipeline.storer.capture.PerceptualHash;
import org.evidencepipeline.storer.capture.WarcRecorder;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.embedded.FeedReplayServer;
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
 * With a TSA configured, each provenance record is time-stamped; verification then also catches a
 * provenance record rewritten to match a forged object, which re-hashing alone cannot.
 */
class TimestampedCaptureVerificationTest {
    @Test
    void rewritingTheProvenanceRecordIsDetectedByItsTimestamp(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3")); LocalTsaServer tsa = LocalTsaServer.start();
             FeedReplayServer media = FeedReplayServer.start()) {
            media.serve("/p.jpg", TestImages.jpeg(100, 80, 55), "image/jpeg");
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            ArchiveStore store = new ArchiveStore(client, "evidence-archive");
            store.ensureBucket();
            ArchiveIndex index = new ArchiveIndex(store, client);
            ToolInfo tool = new ToolInfo("storer", "test", "x");
            SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))), SafeDownloader.HostResolver.SYSTEM,
                    new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "t"), Clock.systemUTC());
            CaptureService captures = new CaptureService(downloader, store, new WarcRecorder(tool, "t"), tool, dir.resolve("tmp"),
                    Optional.of(new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(5))),
                    new PerceptualHash(new PerceptualHash.Limits(32_768, 32_768, 100_000_000L, 128L << 20)));
            Archiver archiver = new Archiver(captures, store, index, tool, Clock.systemUTC(), new CaptureBudget(20, Duration.ofSeconds(30)),
                    new PostProvenanceWriter(store, tool, Optional.empty(), Clock.systemUTC()));
            PostEnriched post = TestPosts.post("ts-1", "ts-watch", List.of(new MediaRef(media.url("/p.jpg"), "image/jpeg", null)));

            PostArchived archived = archiver.archive(post, "{}".getBytes(StandardCharsets.UTF_8), new KafkaCoordinates("t", 0, 1), null);
            CaptureOutcome.Stored stored = (CaptureOutcome.Stored) archived.captures().get(0);
            LedgerFixture ledger = new LedgerFixture(store, tsa);
            ledger.ledger(stored.provenanceKey());
            Verifier verifier = new Verifier(store, index, Clock.systemUTC(), ledger.trust());

            VerifyReport before = verifier.capture(stored.captureId());
            assertThat(before.items().get(0).status()).isEqualTo(VerifyStatus.OK);
            assertThat(before.items().get(0).detail()).contains("time-stamped").contains("Local test TSA");

            // A forger replaces the object and rewrites the provenance record's hashes to match it.
            byte[] forged = TestImages.jpeg(100, 80, 56);
            client.putObject(PutObjectArgs.builder().bucket("evidence-archive").object(stored.objectKey()).data(forged, forged.length).build());
            String provenance = new String(store.get(stored.provenanceKey()).orElseThrow(), StandardCharsets.UTF_8);
            String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(forged));
            String sha512 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(forged));
            String rewritten = provenance.replace("\"sha256\":\"" + stored.sha256() + "\"", "\"sha256\":\"" + sha256 + "\"")
                    .replaceAll("\"sha512\":\"[0-9a-f]+\"", "\"sha512\":\"" + sha512 + "\"")
                    .replaceAll("\"size\":[0-9]+", "\"size\":" + forged.length);
            store.putBytes(stored.provenanceKey(), rewritten.getBytes(StandardCharsets.UTF_8), "application/json");

            VerifyReport after = verifier.capture(stored.captureId());
            assertThat(after.items().get(0).status()).isEqualTo(VerifyStatus.MISMATCH);
            assertThat(after.items().get(0).detail()).contains("changed after it was time-stamped");
        }
    }
}
