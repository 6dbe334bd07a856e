package org.evidencepipeline.storer.verify;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Video captures written to the archive exactly as the capturer writes them: every part and the muxed MP4 as content
 * objects ({@code sha256/…}), the video provenance record, the content index entry of each part and of the muxed file,
 * and the post's video index entry. The bytes are real: a tiny HLS stream (64x48, 2 s, H.264 and AAC) that ffmpeg
 * encodes once per test class, its media playlist and segments as ffmpeg wrote them, a master playlist naming it, and
 * the MP4 ffmpeg muxes from the local playlist; for a yt-dlp capture a gzipped WARC written with jwarc.
 */
final class VideoCaptures {
    private static final ToolInfo CAPTURER = new ToolInfo("capturer", "test", "x");
    private static final EventCodec CODEC = new EventCodec();

    /**
     * One encoded stream: the HLS playlists, the segments with their durations as the media playlist states them, the
     * MP4, and the same MP4 cut by ffmpeg into DASH (the manifest, and per track its init part and segments).
     */
    record Media(byte[] master, byte[] mediaPlaylist, List<byte[]> segments, List<Double> durations, byte[] mp4, String ffmpegVersion,
                 Dash dash) {
    }

    /** A DASH cut: {@code tracks} maps {@code video}, {@code audio} to the track's init part followed by its segments. */
    record Dash(byte[] manifest, Map<String, List<byte[]>> tracks) {
    }

    /** A capture's record and the bytes of every object it names, by SHA-256. */
    record Capture(VideoProvenance provenance, Map<String, byte[]> bytes) {
        String captureId() {
            return provenance.captureId();
        }

        String postId() {
            return provenance.postId();
        }

        String provenanceKey() {
            return ArchiveStore.videoProvenanceKey(captureId());
        }

        VideoPart part(int index) {
            return provenance.parts().get(index);
        }

        VideoPart firstSegment() {
            return provenance.parts().stream().filter(p -> VideoPart.SEGMENT.equals(p.role())).findFirst().orElseThrow();
        }
    }

    private VideoCaptures() {
    }

    /** Encodes the test stream into {@code dir} with the real ffmpeg, and muxes it (from local files only) to an MP4. */
    static Media encode(Path dir) throws Exception {
        Files.createDirectories(dir);
        run(dir, "ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=2",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "5",
                "-c:a", "aac", "-b:a", "32k", "-shortest", "-f", "hls", "-hls_time", "0.5", "-hls_playlist_type", "vod",
                "-hls_segment_filename", "seg%d.ts", "media.m3u8");
        run(dir, "ffmpeg", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file", "-i", "media.m3u8", "-c", "copy",
                "-bsf:a", "aac_adtstoasc", "-movflags", "+faststart", "out.mp4");
        run(dir, "ffmpeg", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file", "-i", "out.mp4", "-map", "0",
                "-c", "copy", "-f", "dash", "-seg_duration", "0.5", "-use_timeline", "0", "-use_template", "1",
                "-init_seg_name", "init-$RepresentationID$.m4s", "-media_seg_name", "chunk-$RepresentationID$-$Number%03d$.m4s",
                "manifest.mpd");
        Map<String, List<byte[]>> tracks = new LinkedHashMap<>();
        String[] names = {"video", "audio"};
        for (int t = 0; t < names.length; t++) {
            List<byte[]> track = new ArrayList<>();
            track.add(Files.readAllBytes(dir.resolve("init-" + t + ".m4s")));
            for (int n = 1; Files.exists(dir.resolve(String.format("chunk-%d-%03d.m4s", t, n))); n++) {
                track.add(Files.readAllBytes(dir.resolve(String.format("chunk-%d-%03d.m4s", t, n))));
            }
            tracks.put(names[t], track);
        }
        Dash dash = new Dash(Files.readAllBytes(dir.resolve("manifest.mpd")), tracks);
        byte[] playlist = Files.readAllBytes(dir.resolve("media.m3u8"));
        List<byte[]> segments = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        Double pending = null;
        for (String line : new String(playlist, StandardCharsets.UTF_8).split("\n")) {
            String l = line.trim();
            if (l.startsWith("#EXTINF:")) {
                pending = Double.parseDouble(l.substring("#EXTINF:".length(), l.indexOf(',')));
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                segments.add(Files.readAllBytes(dir.resolve(l)));
                durations.add(pending);
            }
        }
        if (segments.size() < 3) {
            throw new IllegalStateException("ffmpeg wrote " + segments.size() + " segment(s); the tests need at least 3");
        }
        byte[] master = ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=64x48,CODECS=\"avc1.42c00a,mp4a.40.2\"\n"
                + "media.m3u8\n").getBytes(StandardCharsets.UTF_8);
        Process version = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
        String first = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("ffmpeg");
        version.waitFor(10, TimeUnit.SECONDS);
        return new Media(master, playlist, segments, durations, Files.readAllBytes(dir.resolve("out.mp4")), first, dash);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("ffmpeg did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + Files.readString(dir.resolve("ffmpeg.log")));
        }
    }

    /** A whole HLS capture of post {@code postId}: master playlist, media playlist, every segment, and the muxed MP4. */
    static Capture hls(String postId, Media media) {
        return hls(postId, media, media.segments().size());
    }

    /**
     * An HLS capture that stopped at the segment cap after {@code kept} segments: what was kept is stored and listed,
     * {@code complete} is false and says why, and nothing is muxed (a partial stream is never offered as the video).
     */
    static Capture hlsCappedAt(String postId, Media media, int kept) {
        return hls(postId, media, kept);
    }

    private static Capture hls(String postId, Media media, int kept) {
        String base = "http://127.0.0.1:8090/v/" + postId + "/";
        String streamUrl = base + "master.m3u8";
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        List<VideoPart> parts = new ArrayList<>();
        Instant at = Instant.parse("2026-12-02T02:00:00.100Z");
        add(parts, bytes, VideoPart.MASTER_PLAYLIST, null, streamUrl, media.master(), "application/vnd.apple.mpegurl", null, at);
        add(parts, bytes, VideoPart.MEDIA_PLAYLIST, "video", base + "media.m3u8", media.mediaPlaylist(), "application/vnd.apple.mpegurl",
                null, at);
        double duration = 0;
        for (int i = 0; i < kept; i++) {
            add(parts, bytes, VideoPart.SEGMENT, "video", base + "seg" + i + ".ts", media.segments().get(i), "video/mp2t",
                    media.durations().get(i), at.plusMillis(10L * (i + 1)));
            duration += media.durations().get(i);
        }
        boolean complete = kept == media.segments().size();
        VideoProvenance.Muxed muxed = null;
        String muxNote = "the capture is incomplete, so no file was muxed";
        if (complete) {
            String sha = Hashes.sha256Hex(media.mp4());
            bytes.put(sha, media.mp4());
            muxed = new VideoProvenance.Muxed(ArchiveStore.contentKey(sha), sha, media.mp4().length, "video/mp4", duration,
                    media.ffmpegVersion(), List.of("ffmpeg", "-protocol_whitelist", "file", "-i", "media.m3u8", "-c", "copy", "out.mp4"),
                    parts.stream().map(VideoPart::sha256).toList(), "h264 64x48, aac; " + duration + " s");
            muxNote = null;
        }
        VideoProvenance.Incomplete incomplete = complete ? null
                : new VideoProvenance.Incomplete("segments", String.valueOf(kept), "the variant lists " + media.segments().size()
                        + " segments; " + kept + " were kept");
        VideoProvenance.Selection selection = new VideoProvenance.Selection("highest-bandwidth, height <= 1080", base + "media.m3u8",
                200_000, "64x48", "avc1.42c00a,mp4a.40.2", null, List.of(), 1);
        return new Capture(record(postId, streamUrl, VideoCaptureRequested.HLS, VideoProvenance.DIRECT, selection, parts, duration,
                complete, incomplete, muxed, muxNote, null, at), bytes);
    }

    /**
     * A whole DASH capture: the manifest, then per track (video, audio) its init part and segments, and the MP4 muxed
     * from both tracks. The manifest uses a segment template, so no segment states its own duration.
     */
    static Capture dash(String postId, Media media) {
        String base = "http://127.0.0.1:8092/d/" + postId + "/";
        String streamUrl = base + "manifest.mpd";
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        List<VideoPart> parts = new ArrayList<>();
        Instant at = Instant.parse("2026-12-02T02:30:00.100Z");
        add(parts, bytes, VideoPart.MANIFEST, null, streamUrl, media.dash().manifest(), "application/dash+xml", null, at);
        int t = 0;
        for (Map.Entry<String, List<byte[]>> track : media.dash().tracks().entrySet()) {
            List<byte[]> files = track.getValue();
            add(parts, bytes, VideoPart.INIT, track.getKey(), base + "init-" + t + ".m4s", files.get(0), "video/mp4", null, at);
            for (int n = 1; n < files.size(); n++) {
                add(parts, bytes, VideoPart.SEGMENT, track.getKey(), base + String.format("chunk-%d-%03d.m4s", t, n), files.get(n),
                        "video/iso.segment", null, at.plusMillis(10L * n));
            }
            t++;
        }
        String sha = Hashes.sha256Hex(media.mp4());
        bytes.put(sha, media.mp4());
        VideoProvenance.Muxed muxed = new VideoProvenance.Muxed(ArchiveStore.contentKey(sha), sha, media.mp4().length, "video/mp4", 2.0,
                media.ffmpegVersion(), List.of("ffmpeg", "-protocol_whitelist", "file", "-i", "video.mp4", "-i", "audio.mp4", "-c", "copy",
                "out.mp4"), parts.stream().map(VideoPart::sha256).toList(), "h264 64x48, aac; 2.0 s");
        VideoProvenance.Selection selection = new VideoProvenance.Selection("highest-bandwidth, height <= 1080", "0", 200_000, "64x48",
                "avc1.42c00a", "1", List.of(), 1);
        return new Capture(record(postId, streamUrl, VideoCaptureRequested.DASH, VideoProvenance.DIRECT, selection, parts, 2.0, true, null,
                muxed, null, null, at), bytes);
    }

    /** A yt-dlp capture: the file yt-dlp wrote (here the MP4) and the recording proxy's WARC of what it fetched. */
    static Capture ytDlp(String postId, Media media, boolean warcIsGarbage) throws IOException {
        String pageUrl = "http://127.0.0.1:8091/watch?v=" + postId;
        String fileUrl = "http://127.0.0.1:8091/media/" + postId + ".mp4";
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        List<VideoPart> parts = new ArrayList<>();
        Instant at = Instant.parse("2026-12-02T03:00:00.100Z");
        add(parts, bytes, VideoPart.FILE, "video", fileUrl, media.mp4(), "video/mp4", null, at);
        byte[] warc = warcIsGarbage ? ("not a WARC " + postId).getBytes(StandardCharsets.UTF_8) : warc(pageUrl, fileUrl, media.mp4(), at);
        add(parts, bytes, VideoPart.WARC, null, pageUrl, warc, "application/warc", null, at.plusMillis(50));
        VideoProvenance.YtDlp run = new VideoProvenance.YtDlp("2023.03.04", List.of("--proxy", "http://127.0.0.1:3128", "-f",
                "bv*[height<=1080]+ba/b[height<=1080]/b", pageUrl), 0, "http://127.0.0.1:3128 (CA " + "cd".repeat(32) + ")");
        return new Capture(record(postId, pageUrl, VideoCaptureRequested.SITE, VideoProvenance.YT_DLP, null, parts, null, true, null, null,
                "yt-dlp wrote one file; nothing to mux", run, at), bytes);
    }

    private static VideoProvenance record(String postId, String streamUrl, String streamKind, String method,
                                          VideoProvenance.Selection selection, List<VideoPart> parts, Double duration, boolean complete,
                                          VideoProvenance.Incomplete incomplete, VideoProvenance.Muxed muxed, String muxNote,
                                          VideoProvenance.YtDlp ytDlp, Instant at) {
        String captureId = VideoProvenance.idFor(postId, 1, streamUrl);
        long total = parts.stream().mapToLong(VideoPart::size).sum();
        return new VideoProvenance(VideoProvenance.SCHEMA_VERSION, VideoProvenance.KIND, captureId, postId, 1, "bluesky",
                List.of("video-watch"), "http://127.0.0.1:8089/p/" + postId, streamUrl, streamKind, method, selection, parts,
                new VideoProvenance.Totals(parts.size(), total, duration), complete, incomplete,
                new VideoProvenance.Caps(2_147_483_648L, 10_800, 5000, 600), muxed, muxNote, ytDlp, at, at.plusSeconds(2),
                "evidence-archive", new KafkaCoordinates("videos.requested.v1", 0, 3), CAPTURER, null,
                VideoProvenance.Prov.of(captureId, CAPTURER, streamUrl, parts, muxed));
    }

    /** The same record with other parts, totals or muxed file: a record edited after the capture, for the consistency checks. */
    static VideoProvenance edited(VideoProvenance p, List<VideoPart> parts, VideoProvenance.Totals totals, VideoProvenance.Muxed muxed) {
        return new VideoProvenance(p.schemaVersion(), p.kind(), p.captureId(), p.postId(), p.postVersion(), p.platform(),
                p.collectionIds(), p.pageUrl(), p.streamUrl(), p.streamKind(), p.method(), p.selection(), parts, totals, p.complete(),
                p.incomplete(), p.caps(), muxed, p.muxNote(), p.ytDlp(), p.startedAt(), p.endedAt(), p.bucket(), p.input(), p.capturer(),
                p.traceId(), p.prov());
    }

    private static void add(List<VideoPart> parts, Map<String, byte[]> bytes, String role, String track, String url, byte[] b,
                            String contentType, Double duration, Instant at) {
        String sha = Hashes.sha256Hex(b);
        bytes.put(sha, b);
        parts.add(new VideoPart(parts.size(), role, track, url, url, sha, b.length, contentType, duration, ArchiveStore.contentKey(sha),
                200, "127.0.0.1", at));
    }

    /** Stores the capture as the capturer does: parts and the muxed file first, then the record, then the index entries. */
    static void write(ArchiveStore store, Capture c) throws Exception {
        for (VideoPart part : c.provenance().parts()) {
            store.putBytes(part.objectKey(), c.bytes().get(part.sha256()), part.contentType());
        }
        VideoProvenance.Muxed m = c.provenance().muxed();
        if (m != null) {
            store.putBytes(m.objectKey(), c.bytes().get(m.sha256()), m.contentType());
        }
        writeRecord(store, c.provenance());
        byte[] key = c.provenanceKey().getBytes(StandardCharsets.UTF_8);
        for (VideoPart part : c.provenance().parts()) {
            store.putBytes(ArchiveStore.contentIndexKey(part.sha256(), c.captureId()), key, "text/plain");
        }
        if (m != null) {
            store.putBytes(ArchiveStore.contentIndexKey(m.sha256(), c.captureId()), key, "text/plain");
        }
        store.putBytes(ArchiveStore.postVideosIndexKey(c.postId(), c.provenance().postVersion(), c.captureId()), key, "text/plain");
        // The collection index is the storer's (from the post's archive record); written here for the collection scope.
        for (String collection : c.provenance().collectionIds()) {
            store.putBytes("index/collections/" + collection + "/" + ArchiveIndex.postHash(c.postId()),
                    c.postId().getBytes(StandardCharsets.UTF_8), "text/plain");
        }
    }

    /** Writes (or overwrites) the record, as EventCodec serialises it; returns its bytes (what a time-stamp covers). */
    static byte[] writeRecord(ArchiveStore store, VideoProvenance p) throws Exception {
        byte[] record = CODEC.write(p);
        store.putBytes(ArchiveStore.videoProvenanceKey(p.captureId()), record, "application/json");
        return record;
    }

    private static byte[] warc(String pageUrl, String fileUrl, byte[] file, Instant at) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WarcWriter writer = new WarcWriter(Channels.newChannel(out), WarcCompression.GZIP)) {
            byte[] page = "<html><body><video src=\"/media/x.mp4\"></video></body></html>".getBytes(StandardCharsets.UTF_8);
            response(writer, pageUrl, "text/html", page, at);
            response(writer, fileUrl, "video/mp4", file, at.plusMillis(20));
        }
        return out.toByteArray();
    }

    private static void response(WarcWriter writer, String url, String type, byte[] body, Instant at) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(("HTTP/1.1 200 OK\r\ncontent-type: " + type + "\r\ncontent-length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        block.write(body);
        byte[] b = block.toByteArray();
        writer.write(new WarcResponse.Builder(URI.create(url)).version(MessageVersion.WARC_1_1).date(at)
                .body(MediaType.HTTP_RESPONSE, b).blockDigest(new WarcDigest("sha256", HexFormat.of().parseHex(Hashes.sha256Hex(b))))
                .payloadDigest(new WarcDigest("sha256", HexFormat.of().parseHex(Hashes.sha256Hex(body))))
                .ipAddress(InetAddress.getByName("127.0.0.1")).build());
    }
}
