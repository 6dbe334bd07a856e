package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.capturer.proxy.ProxySettings;
import org.evidencepipeline.capturer.proxy.RecordedExchange;
import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real yt-dlp on what sites actually serve, still only through the recording proxy: HTTPS (intercepted with the
 * per-run CA, which yt-dlp does not trust, hence --no-check-certificates; the proxy verifies and records the origin's
 * chain) and HLS, whose every segment yt-dlp's own downloader must fetch through the proxy.
 */
class YtDlpStreamsTest {
    private static final long MAX_BYTES = 5L << 20;
    private static final SelfSignedCertificate ORIGIN_CERT = SelfSignedCertificate.generate();

    @TempDir
    static Path fixtures;
    private static byte[] clip;
    private static Path hls;
    private static Path dash;
    private static YtDlp ytDlp;

    @TempDir
    Path work;
    private FeedReplayServer origin;
    private RecordingProxy proxy;

    @BeforeAll
    static void encode() throws Exception {
        ytDlp = YtDlpFixture.realYtDlp();
        clip = YtDlpFixture.clip(fixtures);
        hls = YtDlpFixture.hls(fixtures);
        dash = YtDlpFixture.dash(fixtures);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private YtDlpCapture capture(SSLContext originTls) throws Exception {
        return capture(originTls, Optional.empty());
    }

    private YtDlpCapture capture(SSLContext originTls, Optional<Path> ffmpeg) throws Exception {
        ProxySettings base = YtDlpFixture.proxySettings(work.resolve("proxy"), MAX_BYTES);
        ProxySettings settings = new ProxySettings(base.connectTimeout(), base.readTimeout(), base.maxResponseBytes(),
                base.maxSessionBytes(), base.maxRequests(), base.workDir(), originTls, base.software());
        proxy = RecordingProxy.start(settings, YtDlpFixture.allowing127001(), YtDlpFixture.CA);
        return new YtDlpCapture(ytDlp, proxy, new YtDlpSettings(Duration.ofSeconds(60), MAX_BYTES, YtDlpFixture.FORMAT,
                ffmpeg, work.resolve("yt-dlp")));
    }

    @Test
    void anHttpsPageIsFetchedThroughTheInterceptingProxyWhichRecordsTheOriginsChain() throws Exception {
        origin = FeedReplayServer.startHttps(ORIGIN_CERT);
        origin.serve("/clip.mp4", clip, "video/mp4");
        origin.serve("/post/1", YtDlpFixture.html("<video><source src=\"/clip.mp4\" type=\"video/mp4\"></video>"), "text/html");
        SSLContext trustOrigin = SSLContext.getInstance("TLS");
        trustOrigin.init(null, new TrustManager[]{ORIGIN_CERT.trustManager()}, null);
        String page = origin.url("/post/1");
        assertThat(page).startsWith("https://");

        YtDlpResult result = capture(trustOrigin).run("cap-https", page);

        assertThat(result).isInstanceOf(YtDlpResult.Downloaded.class);
        YtDlpResult.Downloaded d = (YtDlpResult.Downloaded) result;
        assertThat(YtDlpFixture.sha256(d.media().get(0))).isEqualTo(YtDlpFixture.sha256(clip));
        String originCert = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ORIGIN_CERT.certificate().getEncoded()));
        assertThat(d.recording().exchanges()).extracting(RecordedExchange::url).contains(page, origin.url("/clip.mp4"));
        assertThat(d.recording().exchanges()).allSatisfy(e -> assertThat(e.tlsPeerCertificateSha256()).startsWith(originCert));
        d.discard();
    }

    @Test
    void everyHlsSegmentIsFetchedByYtDlpsOwnDownloaderThroughTheProxy() throws Exception {
        origin = FeedReplayServer.start();
        List<String> segments;
        try (Stream<Path> files = Files.list(hls)) {
            segments = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ts")).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
        origin.serve("/live/index.m3u8", Files.readAllBytes(hls.resolve("index.m3u8")), "application/vnd.apple.mpegurl");
        for (String s : segments) {
            origin.serve("/live/" + s, Files.readAllBytes(hls.resolve(s)), "video/mp2t");
        }

        YtDlpResult result = capture(SSLContext.getDefault()).run("cap-hls", origin.url("/live/index.m3u8"));

        assertThat(result).isInstanceOf(YtDlpResult.Downloaded.class);
        YtDlpResult.Downloaded d = (YtDlpResult.Downloaded) result;
        List<String> recorded = d.recording().exchanges().stream().map(RecordedExchange::url).toList();
        for (String s : segments) {
            assertThat(recorded).as("segment " + s + " recorded").contains(origin.url("/live/" + s));
            // fetched once, and by way of the proxy: nothing reached the origin that the proxy did not record
            assertThat(origin.requests("/live/" + s)).hasSize((int) recorded.stream().filter(u -> u.equals(origin.url("/live/" + s))).count());
        }
        assertThat(d.media()).singleElement().satisfies(f -> assertThat(YtDlpFixture.duration(f)).isCloseTo(3.0,
                org.assertj.core.data.Offset.offset(1.0)));
        assertThat(d.run().arguments()).containsSubsequence("--downloader", "native");
        d.discard();
    }

    @Test
    void dashVideoWithSeparateAudioIsFetchedThroughTheProxyAndMergedIntoOneFileWithBoth() throws Exception {
        origin = FeedReplayServer.start();
        List<String> chunks;
        try (Stream<Path> files = Files.list(dash)) {
            chunks = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".m4s")).sorted().toList();
        }
        assertThat(chunks).anyMatch(n -> n.contains("stream0")).anyMatch(n -> n.contains("stream1"));
        origin.serve("/v/manifest.mpd", Files.readAllBytes(dash.resolve("manifest.mpd")), "application/dash+xml");
        for (String c : chunks) {
            origin.serve("/v/" + c, Files.readAllBytes(dash.resolve(c)), "video/iso.segment");
        }

        YtDlpResult result = capture(SSLContext.getDefault(), Optional.of(YtDlpFixture.ffmpeg())).run("cap-dash",
                origin.url("/v/manifest.mpd"));

        assertThat(result).isInstanceOf(YtDlpResult.Downloaded.class);
        YtDlpResult.Downloaded d = (YtDlpResult.Downloaded) result;
        List<String> recorded = d.recording().exchanges().stream().map(RecordedExchange::url).toList();
        for (String c : chunks) {
            assertThat(recorded).as("chunk " + c + " recorded").contains(origin.url("/v/" + c));
        }
        assertThat(origin.requests()).hasSameSizeAs(d.recording().exchanges());
        // the merged file alone: the separate video and audio downloads are not left behind as media
        assertThat(d.media()).singleElement().satisfies(f -> {
            assertThat(YtDlpFixture.streams(f)).contains("video", "audio");
            assertThat(YtDlpFixture.duration(f)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1.0));
        });
        assertThat(d.run().arguments()).containsSubsequence("--ffmpeg-location", YtDlpFixture.ffmpeg().toString());
        d.discard();
    }
}
