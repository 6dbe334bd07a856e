package org.evidencepipeline.local;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The summary's answer to "was each post's video captured whole, and where is the file to play?": per video stream,
 * the outcome from {@code videos.archived.v1}, the parts kept (count, bytes, duration), the muxed MP4 and the file a
 * user can open (or why none was muxed), the provenance key, and the streams still pending when the bounded wait ended.
 */
final class VideoCaptureSummary {
    private VideoCaptureSummary() {
    }

    /**
     * The lines, aligned with the rest of the summary ({@code "  label            value"}).
     *
     * @param requested  each video capture request, by capture id
     * @param archived   each video capture's record, by capture id
     * @param waited     how long the summary waited for records, in seconds
     * @param archiveDir the archive bucket as plain files
     * @param display    how a local path is shown
     */
    static List<String> lines(Map<String, VideoCaptureRequested> requested, Map<String, VideoArchived> archived, long waited,
                              Path archiveDir, Function<Path, String> display) {
        List<String> out = new ArrayList<>();
        if (requested.isEmpty() && archived.isEmpty()) {
            out.add(row("video captures", "none: no post requested a video capture (the collector asks for each HLS or DASH"
                    + " stream of a new post version, in collections with capture.videos on)"));
            return out;
        }
        Set<String> all = new TreeSet<>(requested.keySet());
        all.addAll(archived.keySet());
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> pending = new ArrayList<>();
        for (String id : all) {
            VideoArchived a = archived.get(id);
            if (a != null) {
                outcomes.merge(kind(a.outcome()), 1, Integer::sum);
            } else {
                pending.add(id);
            }
        }
        StringBuilder head = new StringBuilder().append(requested.size()).append(requested.size() == 1 ? " stream" : " streams")
                .append(" requested; ").append(all.size() - pending.size()).append(" recorded ").append(outcomes);
        if (!pending.isEmpty()) {
            head.append(", ").append(pending.size()).append(" still pending after ").append(waited).append(" s");
        }
        out.add(row("video captures", head.toString()));
        // By post, then capture id, so a post's streams stay together.
        Map<String, String> order = new TreeMap<>();
        for (String id : all) {
            VideoArchived a = archived.get(id);
            VideoCaptureRequested q = requested.get(id);
            String post = a != null ? a.postId() + " v" + a.postVersion() : q.postId() + " v" + q.postVersion();
            order.put(post + "\u0000" + id, id);
        }
        for (Map.Entry<String, String> e : order.entrySet()) {
            String label = "    " + e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            VideoArchived a = archived.get(e.getValue());
            if (a == null) {
                out.add(label + "   pending: no record on videos.archived.v1 yet for " + requested.get(e.getValue()).streamUrl());
                continue;
            }
            VideoCaptureOutcome o = a.outcome();
            out.add(label + "   " + kind(o) + "   " + o.streamUrl());
            if (o instanceof VideoCaptureOutcome.Captured) {
                VideoCaptureOutcome.Captured c = (VideoCaptureOutcome.Captured) o;
                out.add(detail("parts", parts(c.parts(), c.bytes(), c.durationSeconds()) + ", every part the stream lists"));
                if (c.muxedSha256() != null) {
                    String key = ArchiveStore.contentKey(c.muxedSha256());
                    Path file = archiveDir.resolve(key);
                    out.add(detail("muxed MP4", key + "   " + display.apply(file) + (Files.isRegularFile(file) ? "" : "   (no such file here)")));
                } else {
                    out.add(detail("muxed MP4", "none: " + (c.muxNote() == null ? "not muxed" : c.muxNote())
                            + " (the parts and playlists are kept)"));
                }
                out.add(detail("provenance", c.provenanceKey()));
            } else if (o instanceof VideoCaptureOutcome.TooLarge) {
                VideoCaptureOutcome.TooLarge t = (VideoCaptureOutcome.TooLarge) o;
                out.add(detail("cap", t.cap() + " over " + t.limit() + ": not the whole stream, not muxed"));
                out.add(detail("kept", parts(t.keptParts(), t.keptBytes(), null)));
                out.add(detail("provenance", t.provenanceKey()));
            } else {
                out.add(detail("reason", reason(o)));
                if (o instanceof VideoCaptureOutcome.Failed && ((VideoCaptureOutcome.Failed) o).provenanceKey() != null) {
                    out.add(detail("provenance", ((VideoCaptureOutcome.Failed) o).provenanceKey() + " (the parts fetched before it)"));
                }
            }
        }
        return out;
    }

    private static String parts(int count, long bytes, Double seconds) {
        return String.format(Locale.ROOT, "%d %s, %,d bytes", count, count == 1 ? "part" : "parts", bytes)
                + (seconds == null ? "" : String.format(Locale.ROOT, ", %.1f s", seconds));
    }

    private static String reason(VideoCaptureOutcome o) {
        if (o instanceof VideoCaptureOutcome.Failed) {
            return ((VideoCaptureOutcome.Failed) o).reason();
        }
        if (o instanceof VideoCaptureOutcome.Refused) {
            return ((VideoCaptureOutcome.Refused) o).reason();
        }
        return ((VideoCaptureOutcome.Skipped) o).reason();
    }

    static String kind(VideoCaptureOutcome o) {
        if (o instanceof VideoCaptureOutcome.Captured) {
            return "captured";
        }
        if (o instanceof VideoCaptureOutcome.TooLarge) {
            return "too-large";
        }
        if (o instanceof VideoCaptureOutcome.Refused) {
            return "refused";
        }
        if (o instanceof VideoCaptureOutcome.Skipped) {
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
