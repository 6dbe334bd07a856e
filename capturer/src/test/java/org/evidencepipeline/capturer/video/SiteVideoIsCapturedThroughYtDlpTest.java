package org.evidencepipeline.capturer.video;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.capturer.proxy.ProxyCa;
import org.evidencepipeline.capturer.proxy.ProxySettings;
import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.capturer.video.ytdlp.YtDlp;
import org.evidencepipeline.capturer.video.ytdlp.YtDlpCapture;
import org.evidencepipeline.capturer.video.ytdlp.YtDlpSettings;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A page only yt-dlp can read, captured by the service end to end with the real yt-dlp behind its recording proxy: the
 * file yt-dlp wrote, its info JSON and the proxy's WARC are parts on record, hashed and stored, with yt-dlp's version
 * and arguments in the provenance.
 */
class SiteVideoIsCapturedThroughYtDlpTest {
    static VideoTestRig rig;
    static byte[] clip;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg not installed (CI installs it)");
        assumeTrue(YtDlp.locate(Optional.empty()).isPresent(), "yt-dlp not installed (CI installs it)");
        rig = VideoTestRig.start();
        clip = Files.readAllBytes(VideoStreams.mp4(dir.resolve("clip.mp4"), 2));
        rig.server.serve("/clip.mp4", clip, "video/mp4");
        rig.server.serve("/watch", "<!doctype html><html><body><video controls src=\"/clip.mp4\"></video></body></html>"
                .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theFileYtDlpWroteItsInfoAndTheProxysWarcAreOnRecord() throws Exception {
        long maxBytes = 32L << 20;
        VettedResolver resolver = new VettedResolver(AddressPolicy.allowing(VideoTestRig.LOOPBACK));
        RecordingProxy proxy = RecordingProxy.start(new ProxySettings(Duration.ofSeconds(5), Duration.ofSeconds(10), maxBytes,
                maxBytes, 200, dir.resolve("proxy"), SSLContext.getDefault(), "evidence-pipeline capturer/test"), resolver,
                ProxyCa.generate());
        YtDlpCapture ytDlp = new YtDlpCapture(YtDlp.locate(Optional.empty()).orElseThrow(), proxy,
                new YtDlpSettings(Duration.ofSeconds(60), maxBytes, "bv*[height<=1080]+ba/b[height<=1080]/b", Optional.empty(),
                        dir.resolve("yt-dlp")));
        VideoCapturer capturer = rig.capturer(true, VideoTestRig.caps(), new VariantRule(1080),
                new VideoCapturer.Tools(VideoTestRig.muxer(), Optional.of(ytDlp), Optional.of(proxy)), VideoTestRig.LOOPBACK);
        VideoCaptureRequested request = VideoTestRig.request("yt:site1", VideoCaptureRequested.SITE, rig.server.url("/watch"));
        try {
            VideoArchived record = rig.capture(capturer, request);

            assertThat(record.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
            VideoProvenance p = record.provenance();
            assertThat(p.method()).isEqualTo(VideoProvenance.YT_DLP);
            assertThat(p.complete()).isTrue();
            assertThat(p.ytDlp().version()).isEqualTo(YtDlp.locate(Optional.empty()).orElseThrow().version());
            assertThat(p.ytDlp().arguments()).contains("--ignore-config", "--proxy").endsWith(request.streamUrl());
            assertThat(p.ytDlp().exitCode()).isZero();
            // the file yt-dlp wrote is the served clip, byte for byte; its info JSON and the WARC are parts too
            List<VideoPart> files = p.parts().stream().filter(x -> x.role().equals(VideoPart.FILE)).toList();
            assertThat(files).anySatisfy(f -> assertThat(f.sha256()).isEqualTo(Hashes.sha256Hex(clip)));
            assertThat(files).anySatisfy(f -> assertThat(f.contentType()).isEqualTo("application/json"));
            assertThat(p.parts()).filteredOn(x -> x.role().equals(VideoPart.WARC)).singleElement()
                    .satisfies(w -> assertThat(new String(rig.object(w.objectKey()), 0, 2, StandardCharsets.ISO_8859_1))
                            .isEqualTo("\u001f\u008b")); // gzipped WARC
            rig.assertPartsStored(p.parts(), p.captureId());
            assertThat(rig.server.requests("/clip.mp4")).isNotEmpty();
            assertThat(rig.provenanceOnFile(request.captureId())).contains(p);
        } finally {
            capturer.close();
        }
    }
}
