package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's video post: one RSS item whose enclosure is an HLS master playlist the demo server serves, with its media
 * playlist and two segments, as a platform would; the committed stream is small and plays (ffprobe, the OS package
 * .ci/run installs, reads video and audio and about 4 s from the files as served).
 */
class DemoServesAPlayableHlsVideoTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theVideoPostsEnclosureIsAnHlsStreamWhosePartsAreAllServed() throws Exception {
        try (DemoFeed feed = DemoFeed.start()) {
            Matcher enclosure = Pattern.compile("<enclosure url=\"([^\"]+)\" length=\"[0-9]+\" type=\"application/vnd\\.apple\\.mpegurl\"/>")
                    .matcher(feed.feedXml());
            assertThat(enclosure.find()).as("an HLS enclosure in the demo feed").isTrue();
            assertThat(enclosure.group(1)).isEqualTo(feed.videoStreamUrl());
            assertThat(enclosure.find()).as("exactly one").isFalse();

            Map<String, byte[]> parts = feed.videoParts();
            assertThat(parts.values().stream().mapToLong(b -> b.length).sum()).as("tens of KB, not more").isLessThan(64 * 1024);
            // Follow the stream as a player would: master -> variant -> segments; every URL it names is served as listed.
            List<String> followed = new ArrayList<>();
            for (String playlistUrl : List.of(feed.videoStreamUrl())) {
                HttpResponse<byte[]> master = get(playlistUrl);
                assertThat(master.statusCode()).isEqualTo(200);
                assertThat(master.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
                assertThat(master.body()).isEqualTo(parts.get(playlistUrl));
                followed.add(playlistUrl);
                for (String variant : uris(master.body())) {
                    String variantUrl = URI.create(playlistUrl).resolve(variant).toString();
                    HttpResponse<byte[]> media = get(variantUrl);
                    assertThat(media.body()).isEqualTo(parts.get(variantUrl));
                    assertThat(new String(media.body(), StandardCharsets.UTF_8)).contains("#EXT-X-ENDLIST");
                    followed.add(variantUrl);
                    List<String> segments = uris(media.body());
                    assertThat(segments).hasSize(2);
                    for (String segment : segments) {
                        String segmentUrl = URI.create(variantUrl).resolve(segment).toString();
                        HttpResponse<byte[]> ts = get(segmentUrl);
                        assertThat(ts.statusCode()).isEqualTo(200);
                        assertThat(ts.headers().firstValue("Content-Type")).hasValue("video/mp2t");
                        assertThat(ts.body()).isEqualTo(parts.get(segmentUrl));
                        assertThat(ts.body()[0]).as("an MPEG-TS sync byte").isEqualTo((byte) 0x47);
                        followed.add(segmentUrl);
                    }
                }
            }
            assertThat(followed).containsExactlyInAnyOrderElementsOf(parts.keySet());

            // The parts as served, as local files: ffprobe finds video and audio and the playlist's 4 s.
            for (Map.Entry<String, byte[]> p : parts.entrySet()) {
                Files.write(dir.resolve(p.getKey().substring(p.getKey().lastIndexOf('/') + 1)), p.getValue());
            }
            String probe = ffprobe(dir.resolve(DemoFeed.VIDEO_MASTER));
            assertThat(probe).contains("codec_type=video").contains("codec_type=audio");
            Matcher duration = Pattern.compile("duration=([0-9.]+)").matcher(probe);
            assertThat(duration.find()).as(probe).isTrue();
            assertThat(Double.parseDouble(duration.group(1))).isBetween(3.0, 5.0);
        }
    }

    private static List<String> uris(byte[] playlist) {
        List<String> out = new ArrayList<>();
        for (String line : new String(playlist, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    private static String ffprobe(Path master) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-protocol_whitelist", "file", "-show_entries",
                "format=duration:stream=codec_type", "-of", "compact", master.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
