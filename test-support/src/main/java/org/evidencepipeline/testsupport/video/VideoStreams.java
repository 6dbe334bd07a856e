package org.evidencepipeline.testsupport.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Video streams made by the real ffmpeg of the OS package, in the shapes the capturer meets: an HLS stream with two
 * variants, a separate audio rendition and AES-128 segments; a DASH stream with separate audio; Reddit's v.redd.it
 * layout (whole-file representations); Bluesky's HLS layout; a plain MP4. Tiny pictures and a test tone, so each takes
 * about a second. Sizes and hashes depend on the ffmpeg build: assert on what each record says, never on fixed bytes.
 */
public final class VideoStreams {
    private static final long FFMPEG_SECONDS = 120;

    private VideoStreams() {
    }

    /** True when {@code ffmpeg} runs here (tests that need it assume this; CI installs it). */
    public static boolean ffmpegAvailable() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * An HLS stream in {@code dir}: {@code master.m3u8} with variants {@code high} (320x180) and {@code low} (160x90)
     * plus the audio-only variant ffmpeg lists, the audio rendition group {@code group_aud} at
     * {@code stream_audio/index.m3u8}, one-second MPEG-TS segments ({@code stream_<name>/seg_NNN.ts}), all AES-128
     * encrypted with {@code enc.key} (referred to as {@code ../enc.key}).
     *
     * @param explicitIv true: ffmpeg encrypts and every playlist states the IV; false: the segments are encrypted here
     *                   with each one's media sequence number as IV (RFC 8216 §5.2) and no playlist states one
     */
    public record Hls(Path dir, String master, String highPlaylist, String lowPlaylist, String audioPlaylist, String keyPath,
                      byte[] key, String iv, int segmentsPerTrack, double statedVideoSeconds) {
    }

    public static Hls hls(Path dir, int seconds, boolean explicitIv) {
        mkdirs(dir);
        byte[] key = new byte[16];
        new java.util.Random(seconds * 31L + (explicitIv ? 1 : 0)).nextBytes(key);
        String iv = explicitIv ? "0x0123456789abcdef0123456789abcdef" : null;
        write(dir.resolve("enc.key"), key);
        // ffmpeg states an IV even when the key info has none, so the sequence-number case is encrypted here instead
        write(dir.resolve("keyinfo"), ("../enc.key\n" + dir.resolve("enc.key") + "\n0123456789abcdef0123456789abcdef\n")
                .getBytes(StandardCharsets.UTF_8));
        List<String> keyArgs = explicitIv ? List.of("-hls_key_info_file", "keyinfo") : List.of();
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc=size=320x180:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100", "-t", Integer.toString(seconds), "-map", "0:v", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
                "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
                "-filter:v:0", "scale=320:180", "-b:v:0", "300k", "-filter:v:1", "scale=160:90", "-b:v:1", "120k",
                "-c:a", "aac", "-b:a", "64k",
                "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod"));
        args.addAll(keyArgs);
        args.addAll(List.of("-hls_segment_filename", "stream_%v/seg_%03d.ts", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,agroup:aud,name:high v:1,agroup:aud,name:low a:0,agroup:aud,name:audio",
                "stream_%v/index.m3u8"));
        run(dir, args.toArray(String[]::new));
        delete(dir.resolve("keyinfo"));
        if (!explicitIv) {
            for (String track : List.of("stream_high", "stream_low", "stream_audio")) {
                encryptWithSequenceIvs(dir.resolve(track), key);
            }
        }
        int segments = count(dir.resolve("stream_high"), ".ts");
        return new Hls(dir, "master.m3u8", "stream_high/index.m3u8", "stream_low/index.m3u8", "stream_audio/index.m3u8",
                "enc.key", key, iv, segments, statedSeconds(dir.resolve("stream_high/index.m3u8")));
    }

    /**
     * A DASH stream in {@code dir}: {@code manifest.mpd} (static, SegmentTemplate with $Number%05d$, 2 s segments) with a
     * video adaptation set (representation 0, 320x180) and an audio one (representation 1), fMP4 init segments
     * {@code init-<id>.m4s} and media segments {@code chunk-<id>-NNNNN.m4s}.
     *
     * @param videoSegments what ffmpeg wrote for the video representation
     */
    public record Dash(Path dir, String manifest, int videoSegments, int audioSegments, double statedSeconds) {
    }

    public static Dash dash(Path dir, int seconds) {
        mkdirs(dir);
        run(dir, "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Integer.toString(seconds), "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", "-keyint_min", "25",
                "-sc_threshold", "0", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k",
                "-f", "dash", "-seg_duration", "2", "-use_template", "1", "-use_timeline", "0",
                "-adaptation_sets", "id=0,streams=v id=1,streams=a",
                "-init_seg_name", "init-$RepresentationID$.m4s", "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
                "manifest.mpd");
        return new Dash(dir, "manifest.mpd", countPrefix(dir, "chunk-0-"), countPrefix(dir, "chunk-1-"), seconds);
    }

    /**
     * Reddit's v.redd.it layout in {@code dir}: {@code DASHPlaylist.mpd} in the shape Reddit serves (on-demand profile,
     * one whole fragmented MP4 per representation named by {@code BaseURL}), {@code DASH_360.mp4} with the picture only
     * (what {@code fallback_url} points at) and {@code DASH_AUDIO_128.mp4} with the sound only.
     */
    public record RedditVideo(Path dir, String manifest, String video, String audio, double statedSeconds) {
    }

    public static RedditVideo reddit(Path dir, int seconds) {
        mkdirs(dir);
        String t = Integer.toString(seconds);
        run(dir, "-f", "lavfi", "-i", "testsrc=size=256x144:rate=25", "-t", t, "-an", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-g", "25", "-movflags", "frag_keyframe+empty_moov+default_base_moof", "DASH_360.mp4");
        run(dir, "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", t, "-vn", "-c:a", "aac", "-b:a", "128k",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", "DASH_AUDIO_128.mp4");
        String mpd = """
                <?xml version="1.0" encoding="UTF-8"?>
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" minBufferTime="PT1.500S" type="static" mediaPresentationDuration="PT%1$d.000S" maxSegmentDuration="PT2.000S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
                  <Period duration="PT%1$d.000S">
                    <AdaptationSet segmentAlignment="true" maxWidth="256" maxHeight="144" maxFrameRate="25" par="16:9" lang="und" subsegmentAlignment="true" subsegmentStartsWithSAP="1">
                      <Representation id="VIDEO-1" mimeType="video/mp4" codecs="avc1.42c00c" width="256" height="144" frameRate="25" sar="1:1" startWithSAP="1" bandwidth="%2$d">
                        <BaseURL>DASH_360.mp4</BaseURL>
                      </Representation>
                    </AdaptationSet>
                    <AdaptationSet segmentAlignment="true" lang="und" subsegmentAlignment="true" subsegmentStartsWithSAP="1">
                      <Representation id="AUDIO-1" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="%3$d" audioSamplingRate="48000">
                        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
                        <BaseURL>DASH_AUDIO_128.mp4</BaseURL>
                      </Representation>
                    </AdaptationSet>
                  </Period>
                </MPD>
                """.formatted(seconds, bitsPerSecond(dir.resolve("DASH_360.mp4"), seconds),
                bitsPerSecond(dir.resolve("DASH_AUDIO_128.mp4"), seconds));
        write(dir.resolve("DASHPlaylist.mpd"), mpd.getBytes(StandardCharsets.UTF_8));
        return new RedditVideo(dir, "DASHPlaylist.mpd", "DASH_360.mp4", "DASH_AUDIO_128.mp4", seconds);
    }

    /**
     * Bluesky's layout in {@code dir} (video.bsky.app/watch/&lt;did&gt;/&lt;cid&gt;/…): {@code playlist.m3u8} with variants
     * {@code 360p/video.m3u8} and {@code 720p/video.m3u8} (tiny pictures under those names), picture and sound together
     * in each one-second MPEG-TS segment {@code videoN.ts}, no encryption.
     */
    public record BlueskyVideo(Path dir, String playlist, String lowPlaylist, String highPlaylist, int segmentsPerVariant,
                               double statedSeconds) {
    }

    public static BlueskyVideo bluesky(Path dir, int seconds) {
        mkdirs(dir);
        run(dir, "-f", "lavfi", "-i", "testsrc=size=256x144:rate=25", "-f", "lavfi", "-i", "sine=frequency=550:sample_rate=44100",
                "-t", Integer.toString(seconds), "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
                "-filter:v:0", "scale=128:72", "-b:v:0", "100k", "-filter:v:1", "scale=256:144", "-b:v:1", "250k",
                "-c:a", "aac", "-b:a", "48k",
                "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", "-hls_segment_filename", "%v/video%d.ts",
                "-master_pl_name", "playlist.m3u8", "-var_stream_map", "v:0,a:0,name:360p v:1,a:1,name:720p", "%v/video.m3u8");
        return new BlueskyVideo(dir, "playlist.m3u8", "360p/video.m3u8", "720p/video.m3u8", count(dir.resolve("360p"), ".ts"),
                statedSeconds(dir.resolve("360p/video.m3u8")));
    }

    /** A plain MP4 (H.264 picture, AAC sound, moov up front) at {@code file}. */
    public static Path mp4(Path file, int seconds) {
        mkdirs(file.toAbsolutePath().getParent());
        run(file.toAbsolutePath().getParent(), "-f", "lavfi", "-i", "testsrc=size=128x72:rate=10", "-f", "lavfi", "-i",
                "sine=frequency=440", "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart", file.getFileName().toString());
        return file;
    }

    /** Encrypts each segment of a clear media playlist in place, IV = its sequence number, and adds the key line. */
    private static void encryptWithSequenceIvs(Path trackDir, byte[] key) {
        try {
            Path playlist = trackDir.resolve("index.m3u8");
            List<String> out = new ArrayList<>();
            long sequence = 0;
            for (String line : Files.readAllLines(playlist)) {
                if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                    sequence = Long.parseLong(line.substring(22).trim());
                }
                if (line.startsWith("#EXTINF:") && out.stream().noneMatch(l -> l.startsWith("#EXT-X-KEY:"))) {
                    out.add("#EXT-X-KEY:METHOD=AES-128,URI=\"../enc.key\"");
                }
                if (!line.isEmpty() && !line.startsWith("#")) {
                    Path segment = trackDir.resolve(line);
                    byte[] iv = java.nio.ByteBuffer.allocate(16).putLong(8, sequence).array();
                    javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
                    aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                            new javax.crypto.spec.IvParameterSpec(iv));
                    Files.write(segment, aes.doFinal(Files.readAllBytes(segment)));
                    sequence++;
                }
                out.add(line);
            }
            Files.write(playlist, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a media playlist's EXTINF durations. */
    public static double statedSeconds(Path mediaPlaylist) {
        try {
            double sum = 0;
            for (String line : Files.readAllLines(mediaPlaylist)) {
                if (line.startsWith("#EXTINF:")) {
                    sum += Double.parseDouble(line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long bitsPerSecond(Path file, int seconds) {
        try {
            return Files.size(file) * 8 / Math.max(1, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("ffmpeg", ".log");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!p.waitFor(FFMPEG_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("ffmpeg took over " + FFMPEG_SECONDS + " s: " + command);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("ffmpeg failed (" + p.exitValue() + "): " + command + "\n" + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg (apt-get install -y ffmpeg)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int count(Path dir, String suffix) {
        try (var files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countPrefix(Path dir, String prefix) {
        try (var files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
