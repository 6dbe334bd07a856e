package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The readers on what a real packager writes: the ffmpeg here packages a 4 s, 64x36 test picture with a tone as HLS
 * (two variants, separate audio, AES-128), HLS fMP4, and DASH; the planner must list exactly the files it wrote.
 */
class FfmpegPackagedStreamsArePlannedWholeTest {
    static final String BASE = "http://127.0.0.1:1/s/";
    static final List<String> INPUT = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc=size=64x36:rate=10", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000",
            "-t", "4");

    @BeforeAll
    static void ffmpegIsHere() {
        boolean present;
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            present = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        assumeTrue(present, "ffmpeg is not installed");
    }

    private static void ffmpeg(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(INPUT);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    /** Serves the packager's directory as if it were on a web server at {@link #BASE}. */
    private static ManifestFetcher served(Path dir, List<String> asked) {
        return (role, track, url) -> {
            asked.add(role + " " + track + " " + url);
            if (!url.startsWith(BASE)) {
                throw VideoCaptureStop.refused("not served here: " + url);
            }
            try {
                return new ManifestFetcher.Fetched(Files.readAllBytes(dir.resolve(url.substring(BASE.length()))), url);
            } catch (IOException e) {
                throw VideoCaptureStop.failed(e.toString());
            }
        };
    }

    private static Set<String> files(Path dir, String glob) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                String relative = dir.relativize(f).toString().replace('\\', '/');
                if (dir.getFileSystem().getPathMatcher("glob:" + glob).matches(Path.of(relative))) {
                    found.add(BASE + relative);
                }
            });
        }
        return found;
    }

    @Test
    void hlsWithTwoVariantsSeparateAudioAndAes128(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("k.key"), "0123456789abcdef");
        Files.writeString(dir.resolve("keyinfo"), "../k.key\nk.key\n000102030405060708090a0b0c0d0e0f\n");
        Files.createDirectories(dir.resolve("v0"));
        Files.createDirectories(dir.resolve("v1"));
        Files.createDirectories(dir.resolve("vaudio"));
        ffmpeg(dir, "-map", "0:v", "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10",
                "-s:v:0", "64x36", "-s:v:1", "32x18", "-b:v:0", "60k", "-b:v:1", "20k", "-c:a", "aac", "-b:a", "16k",
                "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", "-hls_key_info_file", "keyinfo",
                "-hls_segment_filename", "v%v/s%03d.ts", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,agroup:aud v:1,agroup:aud a:0,agroup:aud,name:audio", "v%v/index.m3u8");
        List<String> asked = new ArrayList<>();
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, BASE + "master.m3u8", served(dir, asked));

        assertThat(asked).containsExactly(VideoPart.MASTER_PLAYLIST + " null " + BASE + "master.m3u8",
                VideoPart.MEDIA_PLAYLIST + " video " + BASE + "v0/index.m3u8",
                VideoPart.MEDIA_PLAYLIST + " audio " + BASE + "vaudio/index.m3u8");
        assertThat(plan.selection().resolution()).isEqualTo("64x36");
        assertThat(plan.selection().variantsOffered()).isEqualTo(3);
        assertThat(plan.parts()).filteredOn(p -> p.role().equals(VideoPart.KEY)).extracting(PlannedPart::url)
                .containsExactly(BASE + "k.key");
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("video") && p.role().equals(VideoPart.SEGMENT))
                .extracting(PlannedPart::url).containsExactlyElementsOf(files(dir, "v0/*.ts"));
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("audio")).extracting(PlannedPart::url)
                .containsExactlyElementsOf(files(dir, "vaudio/*.ts"));
        assertThat(plan.parts()).filteredOn(p -> p.role().equals(VideoPart.SEGMENT)).allSatisfy(p -> {
            assertThat(p.keyUrl()).isEqualTo(BASE + "k.key");
            assertThat(p.keyIv()).isEqualToIgnoringCase("0x000102030405060708090a0b0c0d0e0f");
        });
        assertThat(plan.durationSeconds()).isCloseTo(4.0, offset(0.5));
        assertThat(plan.live()).isFalse();
    }

    @Test
    void hlsFragmentedMp4ListsItsInitSectionFirst(@TempDir Path dir) throws Exception {
        ffmpeg(dir, "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac", "-b:a", "16k",
                "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
                "-hls_fmp4_init_filename", "init.mp4", "-hls_segment_filename", "f%03d.m4s", "index.m3u8");
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, BASE + "index.m3u8", served(dir, new ArrayList<>()));
        assertThat(plan.parts().get(0).role()).isEqualTo(VideoPart.INIT);
        assertThat(plan.parts().get(0).url()).isEqualTo(BASE + "init.mp4");
        assertThat(plan.parts().subList(1, plan.parts().size())).extracting(PlannedPart::url).containsExactlyElementsOf(files(dir, "*.m4s"));
        assertThat(plan.durationSeconds()).isCloseTo(4.0, offset(0.5));
    }

    @Test
    void dashWithSeparateAudio(@TempDir Path dir) throws Exception {
        ffmpeg(dir, "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac",
                "-b:a", "16k", "-f", "dash", "-seg_duration", "1", "-use_timeline", "1", "-use_template", "1",
                "manifest.mpd");
        List<String> asked = new ArrayList<>();
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.DASH, BASE + "manifest.mpd", served(dir, asked));
        assertThat(asked).containsExactly(VideoPart.MANIFEST + " null " + BASE + "manifest.mpd");
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("video")).extracting(PlannedPart::url)
                .containsExactlyElementsOf(files(dir, "init-stream0.m4s", "chunk-stream0-*.m4s"));
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("audio")).extracting(PlannedPart::url)
                .containsExactlyElementsOf(files(dir, "init-stream1.m4s", "chunk-stream1-*.m4s"));
        assertThat(plan.parts()).filteredOn(p -> p.role().equals(VideoPart.INIT)).hasSize(2);
        assertThat(plan.durationSeconds()).isCloseTo(4.0, offset(0.5));
        assertThat(plan.selection().resolution()).isEqualTo("64x36");
        assertThat(plan.selection().audio()).isEqualTo("1");
    }

    /** The init file first, then the matching chunks in name order (the packager numbers them in play order). */
    private static List<String> files(Path dir, String init, String chunks) throws IOException {
        List<String> ordered = new ArrayList<>(files(dir, init));
        ordered.addAll(files(dir, chunks));
        return ordered;
    }
}
