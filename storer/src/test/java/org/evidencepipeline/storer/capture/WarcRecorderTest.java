package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.download.DownloadResult;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.Warcinfo;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WarcRecorderTest {
    @Test
    void warcReadsBackWithTheCapturedBytesAndMatchingDigests(@TempDir Path dir) throws Exception {
        byte[] jpeg = TestImages.jpeg(200, 150, 9);
        try (FeedReplayServer server = FeedReplayServer.start()) {
            server.serve("/media/a.jpg", jpeg, "image/jpeg");
            SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))),
                    SafeDownloader.HostResolver.SYSTEM, new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "test-storer"), Clock.systemUTC());
            DownloadResult.Fetched fetched = (DownloadResult.Fetched) downloader.download(server.url("/media/a.jpg"), dir.resolve("a.part"));

            Path warc = dir.resolve("a.warc.gz");
            new WarcRecorder(new ToolInfo("storer", "test", "x"), "test-storer").write(fetched, warc);

            List<WarcRecord> records = new ArrayList<>();
            byte[] payload = null;
            String payloadDigest = null;
            try (WarcReader reader = new WarcReader(warc)) {
                reader.calculateBlockDigest();
                for (WarcRecord record : reader) {
                    records.add(record);
                    if (record instanceof WarcResponse response) {
                        assertThat(response.target()).isEqualTo(server.url("/media/a.jpg"));
                        assertThat(response.http().status()).isEqualTo(200);
                        assertThat(response.ipAddress()).hasValueSatisfying(ip -> assertThat(ip.getHostAddress()).isEqualTo("127.0.0.1"));
                        payloadDigest = response.payloadDigest().orElseThrow().hex();
                        payload = response.http().body().stream().readAllBytes();
                    }
                    if (record instanceof WarcRequest request) {
                        assertThat(request.http().headers().first("User-Agent")).contains("test-storer");
                    }
                }
            }
            assertThat(records).extracting(r -> r.getClass().getSimpleName()).containsExactly("Warcinfo", "WarcResponse", "WarcRequest");
            assertThat(records.get(0)).isInstanceOf(Warcinfo.class);
            assertThat(payload).isEqualTo(jpeg);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg));
            assertThat(payloadDigest).isEqualTo(sha).isEqualTo(fetched.sha256());
        }
    }

    @Test
    void aUrlThatJavaNetUriRejectsIsWrittenPercentEncoded(@TempDir Path dir) throws Exception {
        byte[] jpeg = TestImages.jpeg(60, 40, 3);
        try (org.evidencepipeline.testsupport.RawHttpServer server = org.evidencepipeline.testsupport.RawHttpServer.start()) {
            server.serve("/m.jpg?q={x}|y", org.evidencepipeline.testsupport.RawHttpServer.Reply.ok(jpeg, "image/jpeg"));
            SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))),
                    SafeDownloader.HostResolver.SYSTEM, new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "test-storer"), Clock.systemUTC());
            DownloadResult.Fetched fetched = (DownloadResult.Fetched) downloader.download(server.url("/m.jpg?q={x}|y"), dir.resolve("m.part"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.net.URI.create(fetched.fetchedUrl()))
                    .as("the premise: java.net.URI rejects it").isInstanceOf(IllegalArgumentException.class);

            Path warc = dir.resolve("m.warc.gz");
            new WarcRecorder(new ToolInfo("storer", "test", "x"), "test-storer").write(fetched, warc);

            try (WarcReader reader = new WarcReader(warc)) {
                for (WarcRecord record : reader) {
                    if (record instanceof WarcResponse response) {
                        assertThat(response.target()).isEqualTo(server.url("/m.jpg?q=%7Bx%7D%7Cy"));
                        assertThat(response.http().body().stream().readAllBytes()).isEqualTo(jpeg);
                    }
                    if (record instanceof WarcRequest request) {
                        assertThat(request.http().target()).isEqualTo("/m.jpg?q=%7Bx%7D%7Cy");
                    }
                }
            }
        }
    }
}
