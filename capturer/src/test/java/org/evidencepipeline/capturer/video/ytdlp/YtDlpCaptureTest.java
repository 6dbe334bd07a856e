package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.capturer.proxy.RecordedExchange;
import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real yt-dlp (skipped where it is not installed) reading pages served on loopback, through the recording proxy:
 * what it downloads, what the WARC holds, and how deadlines, byte caps and refusals stop it.
 */
class YtDlpCaptureTest {
    private static final long MAX_BYTES = 5L << 20;

    @TempDir
    static Path fixtures;
    private static byte[] clip;
    private static YtDlp ytDlp;

    @TempDir
    Path work;
    private FeedReplayServer origin;
    private RecordingProxy proxy;

    @BeforeAll
    static void encode() throws Exception {
        ytDlp = YtDlpFixture.realYtDlp();
        clip = YtDlpFixture.clip(fixtures);
    }

    @BeforeEach
    void serve() {
        origin = FeedReplayServer.start();
        origin.serve("/clip.mp4", clip, "video/mp4");
        origin.serve("/post/1", YtDlpFixture.html("<video controls src=\"/clip.mp4\"></video>"), "text/html; charset=utf-8");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        origin.close();
    }

    private YtDlpCapture capture(VettedResolver resolver, long maxBytes, Duration deadline) throws Exception {
        proxy = RecordingProxy.start(YtDlpFixture.proxySettings(work.resolve("proxy"), maxBytes), resolver, YtDlpFixture.CA);
        return new YtDlpCapture(ytDlp, proxy, new YtDlpSettings(deadline, maxBytes, YtDlpFixture.FORMAT, Optional.empty(),
                work.resolve("yt-dlp")));
    }

    @Test
    void aVideoOnAPageIsDownloadedThroughTheRecordingProxyAndItsWarcHoldsThePageAndTheFile() throws Exception {
        String page = origin.url("/post/1");
        YtDlpResult result = capture(YtDlpFixture.allowing127001(), MAX_BYTES, Duration.ofSeconds(60)).run("cap-page", page);

        assertThat(result).isInstanceOf(YtDlpResult.Downloaded.class);
        YtDlpResult.Downloaded d = (YtDlpResult.Downloaded) result;
        assertThat(d.media()).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).endsWith(".mp4");
            assertThat(YtDlpFixture.sha256(f)).isEqualTo(YtDlpFixture.sha256(clip));
        });
        assertThat(d.infoJson()).hasValueSatisfying(j -> assertThat(j.getFileName().toString()).endsWith(".info.json"));
        assertThat(Files.readString(d.infoJson().orElseThrow())).contains(origin.url("/clip.mp4"));
        assertThat(d.files()).containsExactlyInAnyOrderElementsOf(
                List.of(d.media().get(0), d.infoJson().orElseThrow()));

        // Every byte came through the proxy: the recording holds both requests, from the vetted address.
        assertThat(d.recording().exchanges()).extracting(RecordedExchange::url).contains(page, origin.url("/clip.mp4"));
        assertThat(d.recording().exchanges()).allSatisfy(e -> assertThat(e.resolvedAddress()).isEqualTo("127.0.0.1"));
        assertThat(d.recording().refused()).isEmpty();
        assertThat(origin.requests()).hasSameSizeAs(d.recording().exchanges()); // nothing reached the origin unrecorded
        assertThat(YtDlpFixture.responses(d.recording().warc()))
                .anySatisfy(r -> assertThat(r[0]).isEqualTo(page))
                .anySatisfy(r -> {
                    assertThat(r[0]).isEqualTo(origin.url("/clip.mp4"));
                    assertThat(r[1]).isEqualTo(YtDlpFixture.sha256(clip));
                });
        assertThat(YtDlpFixture.sha256(d.recording().warc())).isEqualTo(d.recording().warcSha256());

        assertThat(d.run().version()).isEqualTo(ytDlp.version()).matches("\\d{4}\\.\\d{2}\\.\\d{2}.*");
        assertThat(d.run().exitCode()).isZero();
        String proxyUrl = "http://127.0.0.1:" + proxy.address().getPort();
        assertThat(d.run().arguments()).containsSubsequence("--proxy", proxyUrl)
                .contains("--ignore-config", "--no-cache-dir", "--no-playlist", "--no-check-certificates")
                .containsSubsequence("--downloader", "native")
                .containsSubsequence("-f", YtDlpFixture.FORMAT)
                .containsSubsequence("--max-filesize", Long.toString(MAX_BYTES))
                .endsWith("--", page);
        assertThat(d.run().proxy()).isEqualTo("recording-proxy 127.0.0.1:" + proxy.address().getPort() + ", CA sha256 "
                + YtDlpFixture.CA.caCertificateSha256());

        Path runDir = d.recording().warc().getParent();
        d.discard();
        assertThat(runDir).doesNotExist();
    }

    @Test
    void aDirectMp4UrlIsDownloadedByTheGenericExtractor() throws Exception {
        YtDlpResult result = capture(YtDlpFixture.allowing127001(), MAX_BYTES, Duration.ofSeconds(60))
                .run("cap-direct", origin.url("/clip.mp4"));

        assertThat(result).isInstanceOf(YtDlpResult.Downloaded.class);
        YtDlpResult.Downloaded d = (YtDlpResult.Downloaded) result;
        assertThat(d.media()).singleElement().satisfies(f -> assertThat(YtDlpFixture.sha256(f)).isEqualTo(YtDlpFixture.sha256(clip)));
        assertThat(d.recording().exchanges()).extracting(RecordedExchange::url).contains(origin.url("/clip.mp4"));
        d.discard();
    }

    @Test
    void withoutTheAllowCidrTheProxyRefusesLoopbackAndTheRunIsRefused() throws Exception {
        String page = origin.url("/post/1");
        YtDlpResult result = capture(YtDlpFixture.allowingNothing(), MAX_BYTES, Duration.ofSeconds(60)).run("cap-refused", page);

        assertThat(result).isInstanceOf(YtDlpResult.Stopped.class);
        VideoCaptureStop stop = ((YtDlpResult.Stopped) result).stop();
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.REFUSED);
        assertThat(stop.getMessage()).contains(page).contains("loopback");
        assertThat(origin.requests()).isEmpty();
        assertThat(result.recording().refused()).extracting(r -> r.url()).contains(page);
        assertThat(result.run().exitCode()).isNotZero();
        assertThat(RunDirectory.outputs(result.recording().warc().getParent())).isEmpty();
        result.discard();
    }

    @Test
    void aBodyStalledPastTheDeadlineStopsAtWallTimeWithNoYtDlpProcessLeft() throws Exception {
        // The page itself stalls: it is yt-dlp's first request, so the stall starts well within the deadline.
        origin.serve("/post/1", FeedReplayServer.Response.stalling(
                YtDlpFixture.html("<video controls src=\"/clip.mp4\"></video>").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/html", 30_000));
        Duration deadline = Duration.ofSeconds(5);
        YtDlpCapture capture = capture(YtDlpFixture.allowing127001(), MAX_BYTES, deadline);

        long started = System.nanoTime();
        YtDlpResult result = capture.run("cap-stall", origin.url("/post/1"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result).isInstanceOf(YtDlpResult.Stopped.class);
        VideoCaptureStop stop = ((YtDlpResult.Stopped) result).stop();
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.CAP);
        assertThat(stop.cap()).isEqualTo("wall-time");
        assertThat(stop.limit()).isEqualTo("PT5S");
        assertThat(took).isLessThan(deadline.plusSeconds(2));
        assertThat(YtDlpFixture.liveDescendants("yt-dlp")).isEmpty();
        assertThat(origin.requests("/post/1")).isNotEmpty();
        assertThat(RunDirectory.outputs(result.recording().warc().getParent())).isEmpty();
        result.discard();
    }

    @Test
    void aFileDeclaredOverMaxBytesIsStoppedAtTheByteCapAndNoFileIsClaimed() throws Exception {
        long maxBytes = clip.length / 2;
        YtDlpResult result = capture(YtDlpFixture.allowing127001(), maxBytes, Duration.ofSeconds(60))
                .run("cap-declared", origin.url("/post/1"));

        assertThat(result).isInstanceOf(YtDlpResult.Stopped.class);
        VideoCaptureStop stop = ((YtDlpResult.Stopped) result).stop();
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.CAP);
        assertThat(stop.cap()).isEqualTo("bytes");
        assertThat(stop.limit()).isEqualTo(Long.toString(maxBytes));
        assertThat(RunDirectory.outputs(result.recording().warc().getParent())).isEmpty();
        result.discard();
    }

    @Test
    void aFileOfUndeclaredSizeOverMaxBytesIsCutByTheProxyAndStoppedAtTheByteCap() throws Exception {
        origin.serve("/clip.mp4", FeedReplayServer.Response.chunked(clip, "video/mp4"));
        long maxBytes = clip.length / 2;
        YtDlpResult result = capture(YtDlpFixture.allowing127001(), maxBytes, Duration.ofSeconds(60))
                .run("cap-chunked", origin.url("/post/1"));

        assertThat(result).isInstanceOf(YtDlpResult.Stopped.class);
        VideoCaptureStop stop = ((YtDlpResult.Stopped) result).stop();
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.CAP);
        assertThat(stop.cap()).isEqualTo("bytes");
        assertThat(result.recording().exchanges()).anySatisfy(e -> {
            assertThat(e.url()).isEqualTo(origin.url("/clip.mp4"));
            assertThat(e.truncated()).isTrue();
        });
        assertThat(RunDirectory.outputs(result.recording().warc().getParent())).isEmpty();
        result.discard();
    }
}
