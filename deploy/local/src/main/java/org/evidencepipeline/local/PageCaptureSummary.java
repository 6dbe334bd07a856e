package org.evidencepipeline.local;

import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The summary's answer to "did each post's page get captured, and where is its screenshot?": per post, the page capture's
 * outcome from {@code pages.archived.v1}, for a capture the screenshot's S3 key and the file a user can open (the
 * embedded S3 server keeps objects as plain files), for a failure or skip its reason, and the pages still pending when
 * the bounded wait ended.
 */
final class PageCaptureSummary {
    /** The summary's reminder; the run already said {@link ChromiumOnPath#MISSING} once, at start-up. */
    static final String NO_BROWSER = "Chromium not found here, so every page is recorded skipped"
            + " (sudo apt-get install -y chromium chromium-driver)";
    private PageCaptureSummary() {
    }

    /**
     * The lines, aligned with the rest of the summary ({@code "  label            value"}).
     *
     * @param posts      the posts to account for (the archived ones); a post with no page request says so
     * @param requested  each post's page request, by post id
     * @param archived   each post's page record, by post id
     * @param chromium   false where the local runtime found no Chromium (the capturer then records {@code skipped})
     * @param waited     how long the summary waited for page records, in seconds
     * @param archiveDir the archive bucket as plain files
     * @param display    how a local path is shown
     */
    static List<String> lines(Set<String> posts, Map<String, PageCaptureRequested> requested, Map<String, PageArchived> archived,
                              boolean chromium, long waited, Path archiveDir, Function<Path, String> display) {
        List<String> out = new ArrayList<>();
        Set<String> all = new TreeSet<>(posts);
        all.addAll(requested.keySet());
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> pending = new ArrayList<>();
        for (String post : all) {
            PageArchived a = archived.get(post);
            PageCaptureRequested q = requested.get(post);
            if (a != null && (q == null || a.postVersion() >= q.postVersion())) {
                outcomes.merge(kind(a.outcome()), 1, Integer::sum);
            } else if (q != null) {
                pending.add(post);
            }
        }
        StringBuilder head = new StringBuilder();
        head.append(requested.size()).append(" of ").append(all.size()).append(" posts requested their page; ")
                .append(requested.size() - pending.size()).append(" recorded ").append(outcomes);
        if (!pending.isEmpty()) {
            head.append(", ").append(pending.size()).append(" still pending after ").append(waited).append(" s");
        }
        if (requested.isEmpty() && archived.isEmpty()) {
            out.add(row("page captures", "none: no post requested its page (the collector asks for each new post version with"
                    + " an http(s) link, in collections with capture.pages on)"));
            if (!chromium) {
                out.add(row("  browser", NO_BROWSER));
            }
            return out;
        }
        out.add(row("page captures", head.toString()));
        if (!chromium) {
            out.add(row("  browser", NO_BROWSER));
        }
        Map<String, String> reasons = new java.util.HashMap<>();
        for (String post : all) {
            PageArchived a = archived.get(post);
            PageCaptureRequested q = requested.get(post);
            String label = "  " + post + (q != null ? " v" + q.postVersion() : a != null ? " v" + a.postVersion() : "");
            if (q == null && a == null) {
                out.add("  " + label + "   no page requested (no http(s) link, or page capture off for its collections)");
                continue;
            }
            if (pending.contains(post)) {
                out.add("  " + label + "   pending: no record on pages.archived.v1 yet for " + q.pageUrl());
                continue;
            }
            PageCaptureOutcome o = a.outcome();
            out.add("  " + label + "   " + kind(o) + "   " + o.pageUrl());
            if (o instanceof PageCaptureOutcome.Captured c) {
                if (!c.finalUrl().equals(c.pageUrl())) {
                    out.add(detail("final URL", c.finalUrl()));
                }
                artifact(c, PageArtifact.SCREENSHOT).ifPresentOrElse(
                        s -> out.add(detail("screenshot", where(s, archiveDir, display))),
                        () -> out.add(detail("screenshot", "none recorded")));
                artifact(c, PageArtifact.SCREENSHOT_STAMPED).ifPresent(s -> out.add(detail("stamped", where(s, archiveDir, display))));
                out.add(detail("provenance", c.provenanceKey()));
            } else {
                String reason = reason(o);
                // Eight pages skipped for want of a browser need the reason once, not eight times.
                String first = reasons.putIfAbsent(reason, post);
                out.add(detail("reason", first == null ? reason : "as for " + first));
            }
        }
        return out;
    }

    /** The S3 key, and the file to open: the embedded S3 server's filesystem store holds the object as a plain file. */
    private static String where(PageArtifact a, Path archiveDir, Function<Path, String> display) {
        Path file = archiveDir.resolve(a.objectKey());
        return a.objectKey() + "   " + display.apply(file) + (Files.isRegularFile(file) ? "" : "   (no such file here)");
    }

    private static Optional<PageArtifact> artifact(PageCaptureOutcome.Captured c, String role) {
        return c.artifacts().stream().filter(a -> role.equals(a.role())).findFirst();
    }

    private static String reason(PageCaptureOutcome o) {
        if (o instanceof PageCaptureOutcome.Failed f) {
            return f.reason();
        }
        if (o instanceof PageCaptureOutcome.Refused r) {
            return r.reason();
        }
        return ((PageCaptureOutcome.Skipped) o).reason();
    }

    static String kind(PageCaptureOutcome o) {
        if (o instanceof PageCaptureOutcome.Captured) {
            return "captured";
        }
        if (o instanceof PageCaptureOutcome.Refused) {
            return "refused";
        }
        if (o instanceof PageCaptureOutcome.Skipped) {
            return "skipped";
        }
        return "failed";
    }

    private static String detail(String label, String value) {
        return String.format("      %-12s %s", label, value);
    }

    private static String row(String label, String value) {
        return String.format("  %-16s %s", label, value);
    }
}
