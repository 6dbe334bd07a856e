package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed sample video events for the golden-JSON and schema tests: a Bluesky post's HLS stream (master playlist, a
 * chosen 720p variant with a separate audio rendition, an AES-128 key, two segments per track), in every outcome of the
 * closed set. Part hashes are SHA-256 of fixed labels, so they are real hex of the right shape and stable.
 */
final class SampleVideoEvents {
    static final ToolInfo CAPTURER = SampleEvents.CAPTURER;
    static final String POST_ID = "bluesky:at://did:plc:kh4rk1vn3wsuakr41n3x8q2b/app.bsky.feed.post/3mb7xh5aa2c2k";
    static final String PAGE_URL = "https://bsky.app/profile/kharkiv-news.bsky.social/post/3mb7xh5aa2c2k";
    static final String BASE = "https://video.bsky.app/watch/did%3Aplc%3Akh4rk1vn3wsuakr41n3x8q2b/"
            + "bafkreiy43qpenbnlmhoq7zjxkivppv6oce64hiissot7zl2lqkdh6dpram/";
    static final String STREAM_URL = BASE + "playlist.m3u8";
    static final Instant STARTED = Instant.parse("2026-11-20T07:11:02.004Z");

    static VideoCaptureRequested requested() {
        return new VideoCaptureRequested(1, POST_ID, 1, "bluesky", PAGE_URL, STREAM_URL, VideoCaptureRequested.HLS,
                List.of("kharkiv-watch"), Instant.parse("2026-11-20T07:10:45.310Z"), SampleEvents.COLLECTOR);
    }

    static VideoCaptureRequested siteRequested() {
        return new VideoCaptureRequested(1, "youtube:Qm3vT9xLp2A", 1, "youtube", "https://www.youtube.com/watch?v=Qm3vT9xLp2A",
                "https://www.youtube.com/watch?v=Qm3vT9xLp2A", VideoCaptureRequested.SITE, List.of("field-reports"),
                Instant.parse("2026-11-20T07:10:45.310Z"), SampleEvents.COLLECTOR);
    }

    private static VideoPart part(int index, String role, String track, String path, long size, String contentType,
                                  Double duration) {
        String sha = Hashes.sha256Hex("sample video part " + path);
        return new VideoPart(index, role, track, BASE + path, BASE + path, sha, size, contentType, duration,
                "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha, 200, "203.0.113.40",
                STARTED.plusMillis(40L * (index + 1)));
    }

    /** Every part of the chosen variant, in the order a player needs them. */
    static List<VideoPart> parts() {
        String hls = "application/vnd.apple.mpegurl";
        return List.of(
                part(0, VideoPart.MASTER_PLAYLIST, null, "playlist.m3u8", 412, hls, null),
                part(1, VideoPart.MEDIA_PLAYLIST, "video", "720p/video.m3u8", 388, hls, null),
                part(2, VideoPart.KEY, "video", "720p/key.bin", 16, "application/octet-stream", null),
                part(3, VideoPart.SEGMENT, "video", "720p/video0.ts", 801_316, "video/mp2t", 6.0),
                part(4, VideoPart.SEGMENT, "video", "720p/video1.ts", 402_188, "video/mp2t", 3.2),
                part(5, VideoPart.MEDIA_PLAYLIST, "audio", "audio/128k/audio.m3u8", 372, hls, null),
                part(6, VideoPart.SEGMENT, "audio", "audio/128k/audio0.ts", 97_760, "video/mp2t", 6.0),
                part(7, VideoPart.SEGMENT, "audio", "audio/128k/audio1.ts", 52_452, "video/mp2t", 3.2));
    }

    static VideoProvenance.Selection selection() {
        return new VideoProvenance.Selection("highest-bandwidth, height <= 1080", BASE + "720p/video.m3u8", 2_128_000, "1280x720",
                "avc1.64001f,mp4a.40.2", BASE + "audio/128k/audio.m3u8", List.of(), 2);
    }

    static VideoProvenance.Caps caps() {
        return new VideoProvenance.Caps(2_147_483_648L, 10_800, 5000, 600);
    }

    static VideoProvenance.Muxed muxed(List<VideoPart> parts) {
        String sha = Hashes.sha256Hex("sample muxed mp4");
        return new VideoProvenance.Muxed("sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha, sha, 1_291_930,
                "video/mp4", 9.2, "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers",
                List.of("ffmpeg", "-nostdin", "-hide_banner", "-protocol_whitelist", "file,crypto", "-allowed_extensions", "ALL",
                        "-i", "video.m3u8", "-i", "audio.m3u8", "-map", "0:v:0", "-map", "1:a:0", "-c", "copy",
                        "-movflags", "+faststart", "out.mp4"),
                parts.stream().map(VideoPart::sha256).toList(), "video h264 1280x720; audio aac 44100 Hz stereo; duration 9.20 s");
    }

    private static VideoProvenance provenance(List<VideoPart> parts, boolean complete, VideoProvenance.Incomplete incomplete,
                                              VideoProvenance.Muxed muxed, String muxNote) {
        VideoCaptureRequested r = requested();
        long bytes = parts.stream().mapToLong(VideoPart::size).sum();
        double duration = parts.stream().filter(p -> "video".equals(p.track()) && p.durationSeconds() != null)
                .mapToDouble(VideoPart::durationSeconds).sum();
        return new VideoProvenance(1, VideoProvenance.KIND, r.captureId(), r.postId(), r.postVersion(), r.platform(),
                r.collectionIds(), r.pageUrl(), r.streamUrl(), r.kind(), VideoProvenance.DIRECT, selection(), parts,
                new VideoProvenance.Totals(parts.size(), bytes, duration), complete, incomplete, caps(), muxed, muxNote, null,
                STARTED, STARTED.plusMillis(2_406), "archive", new KafkaCoordinates(Topics.VIDEOS_REQUESTED, 0, 42), CAPTURER,
                "5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f", VideoProvenance.Prov.of(r.captureId(), CAPTURER, r.streamUrl(), parts, muxed));
    }

    static VideoProvenance capturedProvenance() {
        List<VideoPart> parts = parts();
        return provenance(parts, true, null, muxed(parts), null);
    }

    static VideoProvenance notMuxedProvenance() {
        return provenance(parts(), true, null, null, "ffmpeg is not installed on this capturer (apt-get install -y ffmpeg)");
    }

    /** The byte cap reached after the first video segment: what was fetched is kept and listed, never muxed. */
    static VideoProvenance tooLargeProvenance() {
        List<VideoPart> kept = new ArrayList<>(parts().subList(0, 4));
        return provenance(kept, false, new VideoProvenance.Incomplete("bytes", "1000000",
                "the next segment (720p/video1.ts) would pass the 1000000-byte cap"), null, "capture incomplete: not muxed");
    }

    static VideoProvenance failedProvenance() {
        List<VideoPart> kept = new ArrayList<>(parts().subList(0, 5));
        return provenance(kept, false, new VideoProvenance.Incomplete("failure", null,
                "audio/128k/audio.m3u8: HTTP 403"), null, "capture incomplete: not muxed");
    }

    private static String key(VideoProvenance p) {
        return "provenance/videos/" + p.captureId() + ".json";
    }

    static VideoArchived captured() {
        VideoProvenance p = capturedProvenance();
        return archived(new VideoCaptureOutcome.Captured(p.streamUrl(), p.captureId(), p.totals().parts(), p.totals().bytes(),
                p.totals().durationSeconds(), p.muxed().sha256(), null, key(p)), p);
    }

    static VideoArchived capturedNotMuxed() {
        VideoProvenance p = notMuxedProvenance();
        return archived(new VideoCaptureOutcome.Captured(p.streamUrl(), p.captureId(), p.totals().parts(), p.totals().bytes(),
                p.totals().durationSeconds(), null, p.muxNote(), key(p)), p);
    }

    static VideoArchived tooLarge() {
        VideoProvenance p = tooLargeProvenance();
        return archived(new VideoCaptureOutcome.TooLarge(p.streamUrl(), p.captureId(), "bytes", "1000000", p.totals().parts(),
                p.totals().bytes(), key(p)), p);
    }

    static VideoArchived failed() {
        VideoProvenance p = failedProvenance();
        return archived(new VideoCaptureOutcome.Failed(p.streamUrl(), p.captureId(), p.incomplete().reason(), key(p)), p);
    }

    static VideoArchived refused() {
        return archived(new VideoCaptureOutcome.Refused("http://169.254.169.254/latest/playlist.m3u8",
                "address 169.254.169.254 is link-local"), null);
    }

    static VideoArchived skipped() {
        return archived(new VideoCaptureOutcome.Skipped("https://www.youtube.com/watch?v=Qm3vT9xLp2A",
                "yt-dlp is not installed on this capturer (apt-get install -y yt-dlp)"), null);
    }

    private static VideoArchived archived(VideoCaptureOutcome outcome, VideoProvenance provenance) {
        VideoCaptureRequested r = requested();
        return new VideoArchived(1, r.postId(), r.postVersion(), r.collectionIds(), "archive", outcome, provenance,
                new KafkaCoordinates(Topics.VIDEOS_REQUESTED, 0, 42), Instant.parse("2026-11-20T07:11:04.520Z"), CAPTURER);
    }

    private SampleVideoEvents() {
    }
}
