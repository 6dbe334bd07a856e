package org.evidencepipeline.download;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.FeedReplayServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SafeDownloaderTest {
    private final FeedReplayServer server = FeedReplayServer.start();
    private static final SafeDownloader.Limits LIMITS = new SafeDownloader.Limits(64 * 1024, Duration.ofSeconds(2),
            Duration.ofMillis(800), Duration.ofSeconds(5), 3, "test-storer");

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    /** The test server is on loopback, which production refuses: these tests allow-list it explicitly. */
    private SafeDownloader allowingLoopback(SafeDownloader.HostResolver resolver) {
        return new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))),
                resolver, LIMITS, Clock.systemUTC());
    }

    private SafeDownloader allowingLoopback() {
        return allowingLoopback(SafeDownloader.HostResolver.SYSTEM);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void fetchesHashesWhileStreamingAndRecordsWhatTheServerSaid() throws Exception {
        byte[] jpeg = TestImages.jpeg(120, 90, 7);
        server.serve("/img/1.jpg", Response.ok(jpeg, "image/png"));
        Path file = dir.resolve("1.part");

        DownloadResult result = allowingLoopback().download(server.url("/img/1.jpg"), file);

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Fetched.class, f -> {
            assertThat(f.size()).isEqualTo(jpeg.length);
            assertThat(f.declaredContentType()).as("as the server declared it").isEqualTo("image/png");
            assertThat(f.sniffedContentType()).as("what the bytes are").isEqualTo("image/jpeg");
            assertThat(f.resolvedAddress()).isEqualTo("127.0.0.1");
            assertThat(f.status()).isEqualTo(200);
            assertThat(f.headers()).containsKey("content-type");
            assertThat(f.redirects()).isEmpty();
            assertThat(f.tlsPeerCertificateSha256()).as("plain http has no certificate").isEmpty();
            assertThat(f.endedAt()).isAfterOrEqualTo(f.startedAt());
        });
        DownloadResult.Fetched f = (DownloadResult.Fetched) result;
        assertThat(f.sha256()).isEqualTo(sha256(jpeg));
        assertThat(f.sha512()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(jpeg)));
        assertThat(Files.readAllBytes(file)).isEqualTo(jpeg);
        assertThat(server.requests("/img/1.jpg").get(0).header("User-Agent")).isEqualTo("test-storer");
    }

    @Test
    void httpsCaptureRecordsTheServerCertificateFingerprint() throws Exception {
        org.evidencepipeline.embedded.SelfSignedCertificate cert = org.evidencepipeline.embedded.SelfSignedCertificate.generate();
        byte[] png = TestImages.png(40, 40, 4);
        try (FeedReplayServer tls = FeedReplayServer.startHttps(cert)) {
            tls.serve("/secure.png", png, "image/png");
            SafeDownloader downloader = new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))),
                    SafeDownloader.HostResolver.SYSTEM, LIMITS, Clock.systemUTC(), cert.trustManager());

            DownloadResult result = downloader.download(tls.url("/secure.png"), dir.resolve("s.part"));

            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.certificate().getEncoded()));
            assertThat(result).isInstanceOfSatisfying(DownloadResult.Fetched.class, f -> {
                assertThat(f.fetchedUrl()).startsWith("https://");
                assertThat(f.tlsPeerCertificateSha256()).containsExactly(expected);
                assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(sha256Bytes(png)));
            });
        }
    }

    private static byte[] sha256Bytes(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUntrustedCertificateIsAFailureNotACapture() {
        org.evidencepipeline.embedded.SelfSignedCertificate cert = org.evidencepipeline.embedded.SelfSignedCertificate.generate();
        try (FeedReplayServer tls = FeedReplayServer.startHttps(cert)) {
            tls.serve("/x.png", TestImages.png(10, 10, 1), "image/png");
            assertThat(allowingLoopback().download(tls.url("/x.png"), dir.resolve("x")))
                    .isInstanceOfSatisfying(DownloadResult.Failed.class, f -> assertThat(f.reason()).containsIgnoringCase("certificat"));
            assertThat(tls.requests()).as("no request over an unverified connection").isEmpty();
        }
    }

    @Test
    void loopbackIsRefusedByDefaultAndNoRequestIsMade() {
        server.serve("/secret", "internal", "text/plain");
        SafeDownloader strict = new SafeDownloader(new AddressPolicy(List.of()), SafeDownloader.HostResolver.SYSTEM, LIMITS, Clock.systemUTC());

        assertThat(strict.download(server.url("/secret"), dir.resolve("x"))).isInstanceOfSatisfying(DownloadResult.Refused.class,
                r -> assertThat(r.reason()).contains("127.0.0.1").contains("loopback"));
        assertThat(strict.download(server.url("/secret").replace("127.0.0.1", "localhost"), dir.resolve("y")))
                .isInstanceOfSatisfying(DownloadResult.Refused.class, r -> assertThat(r.reason()).contains("localhost resolves to"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void redirectToCloudMetadataIsRefusedAtTheHop() {
        server.serve("/media.jpg", Response.redirect(302, "http://169.254.169.254/latest/meta-data/iam/security-credentials/"));

        DownloadResult result = allowingLoopback().download(server.url("/media.jpg"), dir.resolve("x"));

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Refused.class, r -> {
            assertThat(r.reason()).contains("169.254.169.254").contains("link-local");
            assertThat(r.redirects()).containsExactly("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        });
    }

    @Test
    void redirectToANameThatResolvesPrivateIsRefused() {
        server.serve("/a.jpg", Response.redirect(301, "http://cdn.attacker.example/b.jpg"));
        SafeDownloader.HostResolver dns = host -> host.equals("cdn.attacker.example")
                ? List.of(InetAddress.getByAddress(host, new byte[]{10, 0, 0, 7}))
                : SafeDownloader.HostResolver.SYSTEM.resolve(host);

        assertThat(allowingLoopback(dns).download(server.url("/a.jpg"), dir.resolve("x")))
                .isInstanceOfSatisfying(DownloadResult.Refused.class, r -> assertThat(r.reason())
                        .contains("cdn.attacker.example resolves to 10.0.0.7").contains("private"));
    }

    @Test
    void aDnsAnswerMixingPublicAndInternalAddressesIsRefused() {
        SafeDownloader.HostResolver dns = host -> List.of(InetAddress.getByAddress(host, new byte[]{93, (byte) 184, (byte) 216, 34}),
                InetAddress.getByAddress(host, new byte[]{(byte) 192, (byte) 168, 0, 1}));
        SafeDownloader strict = new SafeDownloader(new AddressPolicy(List.of()), dns, LIMITS, Clock.systemUTC());
        assertThat(strict.download("http://rebind.example/x.jpg", dir.resolve("x")))
                .isInstanceOfSatisfying(DownloadResult.Refused.class, r -> assertThat(r.reason()).contains("192.168.0.1"));
    }

    @Test
    void followsRedirectsItMayAndRecordsEachHop() throws Exception {
        byte[] png = TestImages.png(30, 30, 3);
        server.serve("/short", Response.redirect(301, "/cdn/1")).serve("/cdn/1", Response.redirect(302, server.url("/cdn/final.png")))
                .serve("/cdn/final.png", png, "image/png");

        DownloadResult result = allowingLoopback().download(server.url("/short"), dir.resolve("x"));

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Fetched.class, f -> {
            assertThat(f.redirects()).containsExactly(server.url("/cdn/1"), server.url("/cdn/final.png"));
            assertThat(f.fetchedUrl()).isEqualTo(server.url("/cdn/final.png"));
        });
    }

    @Test
    void tooManyRedirectsFail() {
        for (int i = 0; i < 6; i++) {
            server.serve("/r" + i, Response.redirect(302, "/r" + (i + 1)));
        }
        assertThat(allowingLoopback().download(server.url("/r0"), dir.resolve("x")))
                .isInstanceOfSatisfying(DownloadResult.Failed.class, f -> assertThat(f.reason()).contains("more than 3 redirects"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.org/a.jpg", "gopher://x/", "javascript:alert(1)", "", "not a url"})
    void nonHttpUrlsAreRefused(String url) {
        assertThat(allowingLoopback().download(url, dir.resolve("x"))).isInstanceOf(DownloadResult.Refused.class);
    }

    @Test
    void redirectToFileSchemeIsRefused() {
        server.serve("/x", Response.redirect(302, "file:///etc/passwd"));
        assertThat(allowingLoopback().download(server.url("/x"), dir.resolve("x")))
                .isInstanceOfSatisfying(DownloadResult.Refused.class, r -> assertThat(r.reason()).contains("non-http(s)"));
    }

    @Test
    void declaredOversizeIsRefusedUpFrontAndUndeclaredOversizeWhileStreaming() {
        byte[] big = new byte[LIMITS.maxBytes() > Integer.MAX_VALUE ? 0 : (int) LIMITS.maxBytes() + 1];
        server.serve("/declared", big, "video/mp4").serve("/chunked", Response.chunked(big, "video/mp4"));
        Path file = dir.resolve("x");
        assertThat(allowingLoopback().download(server.url("/declared"), file)).isEqualTo(new DownloadResult.TooLarge(LIMITS.maxBytes(), List.of()));
        assertThat(allowingLoopback().download(server.url("/chunked"), file)).isEqualTo(new DownloadResult.TooLarge(LIMITS.maxBytes(), List.of()));
        assertThat(file).doesNotExist();
    }

    @Test
    void aPerCallByteCapBelowTheConfiguredOneBindsThatCallOnly() throws Exception {
        byte[] body = new byte[10_000];
        server.serve("/part", body, "video/mp2t").serve("/chunked-part", Response.chunked(body, "video/mp2t"));
        SafeDownloader downloader = allowingLoopback();
        Path file = dir.resolve("p");
        // what is left of a stream's budget: 9,999 bytes refuse the 10,000-byte part, declared or streamed
        assertThat(downloader.download(server.url("/part"), file, Duration.ofSeconds(5), 9_999))
                .isEqualTo(new DownloadResult.TooLarge(9_999, List.of()));
        assertThat(downloader.download(server.url("/chunked-part"), file, Duration.ofSeconds(5), 9_999))
                .isEqualTo(new DownloadResult.TooLarge(9_999, List.of()));
        assertThat(file).doesNotExist();
        // the same downloader then fetches it under a cap that fits, and never above its configured one
        assertThat(downloader.download(server.url("/part"), file, Duration.ofSeconds(5), 10_000))
                .isInstanceOfSatisfying(DownloadResult.Fetched.class, f -> assertThat(f.size()).isEqualTo(10_000));
        server.serve("/big", new byte[(int) LIMITS.maxBytes() + 1], "video/mp2t");
        assertThat(downloader.download(server.url("/big"), file, Duration.ofSeconds(5), Long.MAX_VALUE))
                .isEqualTo(new DownloadResult.TooLarge(LIMITS.maxBytes(), List.of()));
    }

    @Test
    void aServerThatStallsMidBodyTimesOut() {
        server.serve("/slow.jpg", Response.stalling(TestImages.jpeg(200, 200, 1), "image/jpeg", 3000));
        assertThat(allowingLoopback().download(server.url("/slow.jpg"), dir.resolve("x")))
                .isInstanceOfSatisfying(DownloadResult.Failed.class, f -> assertThat(f.reason()).contains("timed out"));
    }

    @Test
    void httpErrorIsAFailureNamingTheStatus() {
        server.script("/gone.jpg", Response.status(404, Map.of()));
        assertThat(allowingLoopback().download(server.url("/gone.jpg"), dir.resolve("x")))
                .isInstanceOfSatisfying(DownloadResult.Failed.class, f -> assertThat(f.reason()).contains("HTTP 404"));
    }
}
