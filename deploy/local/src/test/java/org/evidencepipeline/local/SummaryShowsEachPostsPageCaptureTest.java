package org.evidencepipeline.local;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.ToolInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo summary's page lines from records as they travel on {@code pages.requested.v1} and {@code pages.archived.v1}
 * (JSON, decoded): a capture names its screenshot's S3 key and the local file to open, a failure and a skip their reason,
 * a request with no record yet is pending, a post with no request says so, and a machine without Chromium says it in
 * the one line with the install command.
 */
class SummaryShowsEachPostsPageCaptureTest {
    static final String BASE = "http://127.0.0.1:41234/posts/";
    static final ToolInfo CAPTURER = new ToolInfo("capturer", "0.1.0-SNAPSHOT", "cfg");
    private final EventCodec codec = new EventCodec();

    @TempDir
    Path archive;

    @Test
    void capturedFailedSkippedPendingAndUnrequestedPagesAreEachShown() throws Exception {
        String png = "a".repeat(64);
        String stamped = "b".repeat(64);
        Path screenshotFile = Files.createDirectories(archive.resolve(ArchiveStore.contentKey(png)).getParent())
                .resolve(Path.of(ArchiveStore.contentKey(png)).getFileName());
        Files.write(screenshotFile, new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        PageCaptureRequested captured = request("rss:k:demo-1001", 1);
        PageCaptureRequested failed = request("rss:k:demo-1002", 1);
        PageCaptureRequested skipped = request("rss:k:demo-1003", 2);
        PageCaptureRequested pending = request("rss:k:demo-1004", 1);
        Map<String, PageCaptureRequested> requested = Map.of(captured.postId(), captured, failed.postId(), failed,
                skipped.postId(), skipped, pending.postId(), pending);
        Map<String, PageArchived> archived = Map.of(
                captured.postId(), record(captured, new PageCaptureOutcome.Captured(captured.pageUrl(), captured.captureId(),
                        captured.pageUrl() + "/", List.of(
                        new PageArtifact(PageArtifact.HTML_SOURCE, ArchiveStore.contentKey("c".repeat(64)), "c".repeat(64), 900, "text/html"),
                        new PageArtifact(PageArtifact.SCREENSHOT, ArchiveStore.contentKey(png), png, 4, "image/png"),
                        new PageArtifact(PageArtifact.SCREENSHOT_STAMPED, ArchiveStore.contentKey(stamped), stamped, 5, "image/png")),
                        ArchiveStore.pageProvenanceKey(captured.captureId()))),
                failed.postId(), record(failed, new PageCaptureOutcome.Failed(failed.pageUrl(), failed.captureId(),
                        "deadline of 60 s passed before the load event")),
                skipped.postId(), record(skipped, new PageCaptureOutcome.Skipped(skipped.pageUrl(), "page capture switched off")));

        List<String> lines = PageCaptureSummary.lines(Set.of(captured.postId(), failed.postId(), skipped.postId(),
                        pending.postId(), "rss:k:demo-1008"), requested, archived, true, 120, archive,
                p -> "local/" + archive.relativize(p));
        String text = String.join("\n", lines);

        assertThat(lines.get(0)).contains("page captures").contains("4 of 5 posts requested their page")
                .contains("3 recorded {captured=1, failed=1, skipped=1}").contains("1 still pending after 120 s");
        assertThat(text).doesNotContain("Chromium not found").doesNotContain("browser");
        assertThat(line(lines, "rss:k:demo-1001 v1")).contains("captured").contains(BASE + "demo-1001");
        assertThat(line(lines, "final URL")).endsWith(" " + BASE + "demo-1001/");
        assertThat(line(lines, "screenshot")).endsWith(" " + ArchiveStore.contentKey(png) + "   local/" + ArchiveStore.contentKey(png));
        assertThat(line(lines, "stamped")).endsWith(" " + ArchiveStore.contentKey(stamped) + "   local/" + ArchiveStore.contentKey(stamped)
                + "   (no such file here)");
        assertThat(line(lines, "provenance")).endsWith(" " + ArchiveStore.pageProvenanceKey(captured.captureId()));
        assertThat(line(lines, "rss:k:demo-1002 v1")).contains("failed");
        assertThat(text).containsPattern("reason +deadline of 60 s passed before the load event");
        assertThat(line(lines, "rss:k:demo-1003 v2")).contains("skipped");
        assertThat(text).containsPattern("reason +page capture switched off");
        assertThat(line(lines, "rss:k:demo-1004 v1")).contains("pending: no record on pages.archived.v1 yet for " + BASE + "demo-1004");
        assertThat(line(lines, "rss:k:demo-1008")).contains("no page requested");
    }

    @Test
    void aRecordOfAnOlderVersionLeavesTheNewRequestPending() {
        PageCaptureRequested v1 = request("rss:k:demo-1005", 1);
        PageCaptureRequested v2 = request("rss:k:demo-1005", 2);
        List<String> lines = PageCaptureSummary.lines(Set.of(v2.postId()), Map.of(v2.postId(), v2),
                Map.of(v1.postId(), record(v1, new PageCaptureOutcome.Skipped(v1.pageUrl(), "off"))), true, 7, archive, Path::toString);
        assertThat(lines.get(0)).contains("0 recorded {}").contains("1 still pending after 7 s");
        assertThat(line(lines, "rss:k:demo-1005 v2")).contains("pending");
    }

    @Test
    void withoutChromiumTheSummarySaysSoInTheOneLineAndThePagesAreSkipped() {
        PageCaptureRequested q = request("rss:k:demo-1006", 1);
        List<String> lines = PageCaptureSummary.lines(Set.of(q.postId()), Map.of(q.postId(), q),
                Map.of(q.postId(), record(q, new PageCaptureOutcome.Skipped(q.pageUrl(), ChromiumOnPath.MISSING))), false, 1, archive,
                Path::toString);
        assertThat(lines.get(0)).contains("1 recorded {skipped=1}").doesNotContain("pending");
        assertThat(line(lines, "browser")).contains("Chromium not found here, so every page is recorded skipped")
                .contains("sudo apt-get install -y chromium chromium-driver");
        assertThat(line(lines, "rss:k:demo-1006 v1")).contains("skipped");
    }

    @Test
    void aReasonSharedByManyPagesIsSpeltOutOnce() {
        PageCaptureRequested a = request("rss:k:demo-1001", 1);
        PageCaptureRequested b = request("rss:k:demo-1002", 1);
        List<String> lines = PageCaptureSummary.lines(Set.of(a.postId(), b.postId()), Map.of(a.postId(), a, b.postId(), b),
                Map.of(a.postId(), record(a, new PageCaptureOutcome.Skipped(a.pageUrl(), ChromiumOnPath.MISSING)),
                        b.postId(), record(b, new PageCaptureOutcome.Skipped(b.pageUrl(), ChromiumOnPath.MISSING))),
                false, 1, archive, Path::toString);
        assertThat(lines).filteredOn(l -> l.contains(ChromiumOnPath.MISSING)).hasSize(1);
        assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("reason +as for rss:k:demo-1001$"));
    }

    @Test
    void noRequestAtAllIsOneLine() {
        List<String> lines = PageCaptureSummary.lines(Set.of("rss:k:demo-1001", "rss:k:demo-1002"), Map.of(), Map.of(), true, 0,
                archive, Path::toString);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("page captures").contains("none: no post requested its page");
    }

    private static String line(List<String> lines, String label) {
        return lines.stream().filter(l -> l.strip().startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + label + " in\n" + String.join("\n", lines)));
    }

    private static PageCaptureRequested request(String postId, int version) {
        return new PageCaptureRequested(PageCaptureRequested.SCHEMA_VERSION, postId, version, "rss",
                BASE + postId.substring(postId.lastIndexOf(':') + 1), List.of("demo-wire-all"), 60,
                Instant.parse("2026-12-02T01:00:00Z"), new ToolInfo("collector", "0.1.0-SNAPSHOT", "cfg"));
    }

    /** As the capturer publishes it and the summary reads it: through JSON. */
    private PageArchived record(PageCaptureRequested q, PageCaptureOutcome outcome) {
        PageArchived a = new PageArchived(PageArchived.SCHEMA_VERSION, q.postId(), q.postVersion(), q.collectionIds(),
                LocalPipeline.BUCKET, outcome, null, new KafkaCoordinates("pages.requested.v1", 0, 3),
                Instant.parse("2026-12-02T01:00:05Z"), CAPTURER);
        return codec.read(codec.write(a), PageArchived.class);
    }
}
