package org.evidencepipeline.testsupport.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class VideoStreamsMakeWhatTheyDescribeTest {
    @TempDir
    Path dir;

    @Test
    void hlsHasTwoVariantsSeparateAudioAndAnEncryptedSegmentPerSecond() throws Exception {
        assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg not installed");
        VideoStreams.Hls hls = VideoStreams.hls(dir, 6, true);
        String master = Files.readString(dir.resolve(hls.master()));
        assertThat(master).contains("RESOLUTION=320x180", "RESOLUTION=160x90", "TYPE=AUDIO", hls.audioPlaylist());
        assertThat(hls.segmentsPerTrack()).isBetween(6, 7);
        assertThat(hls.statedVideoSeconds()).isBetween(5.5, 7.0);
        String media = Files.readString(dir.resolve(hls.highPlaylist()));
        assertThat(media).contains("METHOD=AES-128", "URI=\"../enc.key\"", "IV=" + hls.iv());
        // AES-128 output is whole 16-byte blocks, and an MPEG-TS segment in the clear starts with sync byte 0x47
        byte[] segment = Files.readAllBytes(dir.resolve("stream_high/seg_000.ts"));
        assertThat(segment.length % 16).isZero();
        assertThat(Files.readAllBytes(dir.resolve(hls.keyPath()))).isEqualTo(hls.key());
    }

    @Test
    void hlsWithoutExplicitIvStatesNone() throws Exception {
        assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg not installed");
        VideoStreams.Hls hls = VideoStreams.hls(dir, 3, false);
        assertThat(hls.iv()).isNull();
        assertThat(Files.readString(dir.resolve(hls.audioPlaylist()))).contains("METHOD=AES-128").doesNotContain("IV=");
        // segment 1 decrypts with the key and IV 1 into MPEG-TS packets (a wrong key fails the padding check)
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(hls.key(), "AES"),
                new javax.crypto.spec.IvParameterSpec(java.nio.ByteBuffer.allocate(16).putLong(8, 1).array()));
        byte[] clear = aes.doFinal(Files.readAllBytes(dir.resolve("stream_high/seg_001.ts")));
        assertThat(clear.length % 188).isZero();
        assertThat(clear[0]).isEqualTo((byte) 0x47);
        assertThat(clear[188]).isEqualTo((byte) 0x47);
    }

    @Test
    void dashRedditAndBlueskyLayoutsAreServedWithTheirContentTypes() throws Exception {
        assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg not installed");
        VideoStreams.Dash dash = VideoStreams.dash(dir.resolve("dash"), 4);
        VideoStreams.RedditVideo reddit = VideoStreams.reddit(dir.resolve("reddit"), 3);
        VideoStreams.BlueskyVideo bluesky = VideoStreams.bluesky(dir.resolve("bsky"), 3);
        assertThat(Files.readString(dir.resolve("dash").resolve(dash.manifest()))).contains("contentType=\"video\"", "contentType=\"audio\"");
        assertThat(dash.videoSegments()).isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(dir.resolve("reddit").resolve(reddit.manifest()))).contains("<BaseURL>DASH_AUDIO_128.mp4</BaseURL>");
        assertThat(bluesky.segmentsPerVariant()).isBetween(3, 4);
        try (StreamServer server = StreamServer.start().serveDirectory("/dash", dir.resolve("dash"))
                .serveDirectory("/watch/did/cid", dir.resolve("bsky")).serveDirectory("/v", dir.resolve("reddit"))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> mpd = http.send(HttpRequest.newBuilder(URI.create(server.url("/dash/manifest.mpd"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(mpd.headers().firstValue("content-type")).hasValue("application/dash+xml");
            assertThat(mpd.body()).isEqualTo(Files.readAllBytes(dir.resolve("dash/manifest.mpd")));
            HttpResponse<byte[]> ts = http.send(HttpRequest.newBuilder(URI.create(server.url("/watch/did/cid/720p/video0.ts"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ts.headers().firstValue("content-type")).hasValue("video/mp2t");
            assertThat(ts.body()[0]).isEqualTo((byte) 0x47);
            server.fail("/v/DASH_AUDIO_128.mp4", 404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url("/v/DASH_AUDIO_128.mp4"))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void mp4IsOneFile() throws Exception {
        assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg not installed");
        Path file = VideoStreams.mp4(dir.resolve("clip.mp4"), 2);
        byte[] head = Files.readAllBytes(file);
        assertThat(new String(head, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    }
}
