package org.evidencepipeline.local;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo summary's video lines from records as they travel on {@code videos.requested.v1} and
 * {@code videos.archived.v1} (JSON, decoded): a capture gives its parts and the muxed MP4 with the local file to play,
 * or why nothing was muxed; a cap says which and what was kept; a skip or refusal its reason; a stream with no record
 * yet is pending.
 */
class SummaryShowsEachVideoCaptureTest {
    static final String BASE = "http://127.0.0.1:41234/video/";
    private final EventCodec codec = new EventCodec();

    @TempDir
    Path archive;

    @Test
    void capturedUnmuxedTooLargeSkippedRefusedAndPendingStreamsAreEachShown() throws Exception {
        String mp4 = "d".repeat(64);
        Path mp4File = archive.resolve(ArchiveStore.contentKey(mp4));
        Files.createDirectories(mp4File.getParent());
        Files.write(mp4File, new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p'});
        VideoCaptureRequested muxed = request("rss:k:demo-1009", 1, "strike/master.m3u8");
        VideoCaptureRequested unmuxed = request("rss:k:demo-1010", 1, "plain/master.m3u8");
        VideoCaptureRequested tooLarge = request("rss:k:demo-1011", 2, "long/master.m3u8");
        VideoCaptureRequested skipped = request("rss:k:demo-1012", 1, "site/watch");
        VideoCaptureRequested refused = request("rss:k:demo-1013", 1, "meta/master.m3u8");
        VideoCaptureRequested pending = request("rss:k:demo-1014", 1, "late/master.m3u8");
        Map<String, VideoCaptureRequested> requested = new LinkedHashMap<>();
        for (VideoCaptureRequested q : List.of(muxed, unmuxed, tooLarge, skipped, refused, pending)) {
            requested.put(q.captureId(), q);
        }
        Map<String, VideoArchived> archived = Map.of(
                muxed.captureId(), record(muxed, new VideoCaptureOutcome.Captured(muxed.streamUrl(), muxed.captureId(), 4, 32817L,
                        4.0, mp4, null, ArchiveStore.videoProvenanceKey(muxed.captureId()))),
                unmuxed.captureId(), record(unmuxed, new VideoCaptureOutcome.Captured(unmuxed.streamUrl(), unmuxed.captureId(), 4,
                        1200L, 4.0, null, "ffmpeg not found on PATH", ArchiveStore.videoProvenanceKey(unmuxed.captureId()))),
                tooLarge.captureId(), record(tooLarge, new VideoCaptureOutcome.TooLarge(tooLarge.streamUrl(), tooLarge.captureId(),
                        "segments", "5000", 5002, 7_340_032L, ArchiveStore.videoProvenanceKey(tooLarge.captureId()))),
                skipped.captureId(), record(skipped, new VideoCaptureOutcome.Skipped(skipped.streamUrl(), "yt-dlp not found on PATH")),
                refused.captureId(), record(refused, new VideoCaptureOutcome.Refused(refused.streamUrl(), "link-local address 169.254.169.254")));

        List<String> lines = VideoCaptureSummary.lines(requested, archived, 90, archive, p -> "local/" + archive.relativize(p));
        String text = String.join("\n", lines);

        assertThat(lines.get(0)).contains("video captures").contains("6 streams requested")
                .contains("5 recorded {captured=2, refused=1, skipped=1, too-large=1}").contains("1 still pending after 90 s");
        List<String> demo1009 = block(lines, "rss:k:demo-1009 v1");
        assertThat(demo1009.get(0)).contains("captured").contains(BASE + "strike/master.m3u8");
        assertThat(demo1009.get(1)).containsPattern("parts +4 parts, 32,817 bytes, 4\\.0 s, every part the stream lists");
        assertThat(demo1009.get(2)).endsWith(" " + ArchiveStore.contentKey(mp4) + "   local/" + ArchiveStore.contentKey(mp4));
        assertThat(demo1009.get(3)).endsWith(" " + ArchiveStore.videoProvenanceKey(muxed.captureId()));
        List<String> demo1010 = block(lines, "rss:k:demo-1010 v1");
        assertThat(demo1010.get(2)).containsPattern("muxed MP4 +none: ffmpeg not found on PATH \\(the parts and playlists are kept\\)");
        List<String> demo1011 = block(lines, "rss:k:demo-1011 v2");
        assertThat(demo1011.get(0)).contains("too-large");
        assertThat(demo1011.get(1)).containsPattern("cap +segments over 5000: not the whole stream, not muxed");
        assertThat(demo1011.get(2)).containsPattern("kept +5002 parts, 7,340,032 bytes$");
        assertThat(block(lines, "rss:k:demo-1012 v1").get(1)).containsPattern("reason +yt-dlp not found on PATH");
        assertThat(block(lines, "rss:k:demo-1013 v1").get(0)).contains("refused");
        assertThat(block(lines, "rss:k:demo-1013 v1").get(1)).containsPattern("reason +link-local address 169\\.254\\.169\\.254");
        assertThat(block(lines, "rss:k:demo-1014 v1").get(0))
                .contains("pending: no record on videos.archived.v1 yet for " + BASE + "late/master.m3u8");
        assertThat(text).doesNotContain("(no such file here)");
    }

    @Test
    void aMuxedFileMissingFromTheArchiveIsSaidSo() {
        VideoCaptureRequested q = request("rss:k:demo-1009", 1, "strike/master.m3u8");
        String mp4 = "e".repeat(64);
        List<String> lines = VideoCaptureSummary.lines(Map.of(q.captureId(), q), Map.of(q.captureId(), record(q,
                        new VideoCaptureOutcome.Captured(q.streamUrl(), q.captureId(), 4, 100L, null, mp4, null, "provenance/videos/x.json"))),
                1, archive, Path::toString);
        assertThat(lines.get(0)).contains("1 stream requested; 1 recorded {captured=1}").doesNotContain("pending");
        assertThat(block(lines, "rss:k:demo-1009 v1").get(1)).containsPattern("parts +4 parts, 100 bytes, every part");
        assertThat(block(lines, "rss:k:demo-1009 v1").get(2)).endsWith("(no such file here)");
    }

    @Test
    void noVideoRequestAtAllIsOneLine() {
        List<String> lines = VideoCaptureSummary.lines(Map.of(), Map.of(), 0, archive, Path::toString);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("video captures").contains("none: no post requested a video capture");
    }

    @Test
    void aVideoRecordIsMatchedToItsRequestByPostVersionAndStreamUrl() {
        VideoCaptureRequested q = request("rss:k:demo-1009", 3, "strike/master.m3u8");
        VideoArchived skipped = record(q, new VideoCaptureOutcome.Skipped(q.streamUrl(), "video capture switched off"));
        assertThat(ProgressMonitor.captureId(skipped)).isEqualTo(q.captureId());
        VideoArchived otherVersion = record(request("rss:k:demo-1009", 2, "strike/master.m3u8"),
                new VideoCaptureOutcome.Skipped(q.streamUrl(), "off"));
        assertThat(ProgressMonitor.captureId(otherVersion)).isNotEqualTo(q.captureId());
    }

    /** The line starting with the label and the detail lines under it. */
    private static List<String> block(List<String> lines, String label) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(label + " ")) {
                int end = i + 1;
                while (end < lines.size() && lines.get(end).startsWith("      ")) {
                    end++;
                }
                return lines.subList(i, end);
            }
        }
        throw new AssertionError("no line for " + label + " in\n" + String.join("\n", lines));
    }

    private static VideoCaptureRequested request(String postId, int version, String path) {
        return new VideoCaptureRequested(VideoCaptureRequested.SCHEMA_VERSION, postId, version, "rss",
                "http://127.0.0.1:41234/posts/" + postId.substring(postId.lastIndexOf(':') + 1), BASE + path,
                path.endsWith(".m3u8") ? VideoCaptureRequested.HLS : VideoCaptureRequested.SITE, List.of("demo-wire-all"),
                Instant.parse("2026-12-02T01:00:00Z"), new ToolInfo("collector", "0.1.0-SNAPSHOT", "cfg"));
    }

    /** As the capturer publishes it and the summary reads it: through JSON. */
    private VideoArchived record(VideoCaptureRequested q, VideoCaptureOutcome outcome) {
        VideoArchived a = new VideoArchived(VideoArchived.SCHEMA_VERSION, q.postId(), q.postVersion(), q.collectionIds(),
                LocalPipeline.BUCKET, outcome, null, new KafkaCoordinates("videos.requested.v1", 0, 3),
                Instant.parse("2026-12-02T01:00:05Z"), new ToolInfo("capturer", "0.1.0-SNAPSHOT", "cfg"));
        return codec.read(codec.write(a), VideoArchived.class);
    }
}
