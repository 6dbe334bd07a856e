package org.evidencepipeline.local;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.SourceEvidence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The summary's answer to "where are this post's original bytes, and what is their hash?", for one archived post: the
 * fetch WARC object, the record holding the post's raw item, the body's and the item's SHA-256, and whether the WARC
 * in the archive still holds exactly those bytes ({@link WarcItemCheck}). A post without source evidence says so.
 */
final class PostEvidenceSummary {
    /**
     * The post shown.
     *
     * @param fromArchiveRecord true: read from the archive record's {@code postProvenance.source} (the storer recorded
     *                          it); false: only the collected post carried it, the archive record names no provenance
     * @param provenanceKey     the post provenance object, when the archive record has one
     */
    record Example(String postId, int version, SourceEvidence source, boolean fromArchiveRecord, String provenanceKey) {
    }

    private PostEvidenceSummary() {
    }

    /**
     * The archived post to show: the first (by post id) whose archive record carries source evidence; failing that, the
     * first whose collected record did; none if no archived post has any.
     */
    static Optional<Example> pick(List<PostArchived> archived, Map<String, SourceEvidence> asCollected) {
        List<PostArchived> sorted = archived.stream().sorted(Comparator.comparing(PostArchived::postId)).toList();
        for (PostArchived a : sorted) {
            PostProvenance p = a.postProvenance();
            if (p != null && p.source() != null) {
                return Optional.of(new Example(a.postId(), a.postVersion(), p.source(), true,
                        ArchiveStore.postProvenanceKey(p.provenanceId())));
            }
        }
        for (PostArchived a : sorted) {
            SourceEvidence s = asCollected.get(a.postId());
            if (s != null) {
                return Optional.of(new Example(a.postId(), a.postVersion(), s, false, null));
            }
        }
        return Optional.empty();
    }

    /** How many archived posts point at their source bytes (in their archive record). */
    static long withSource(List<PostArchived> archived) {
        return archived.stream().filter(a -> a.postProvenance() != null && a.postProvenance().source() != null).count();
    }

    /**
     * The summary lines, aligned with the others ({@code "  label            value"}).
     *
     * @param archiveDir the archive bucket as plain files (S3Proxy's filesystem store), to re-read the WARC from
     * @param display    how a local path is shown (relative to the working directory)
     */
    static List<String> lines(List<PostArchived> archived, Map<String, SourceEvidence> asCollected, Path archiveDir,
                              Function<Path, String> display) {
        List<String> out = new ArrayList<>();
        Optional<Example> example = pick(archived, asCollected);
        if (example.isEmpty()) {
            out.add(row("post evidence", "no source evidence: none of the " + archived.size()
                    + " archived posts carries a pointer to the bytes it was read from"));
            return out;
        }
        Example e = example.get();
        SourceEvidence s = e.source();
        out.add(row("post evidence", withSource(archived) + " of " + archived.size()
                + " archived posts point at their source bytes; for example " + e.postId() + " v" + e.version()
                + (e.fromArchiveRecord() ? "" : " (as collected: its archive record names no post provenance)")));
        out.add(row("  fetch WARC", s.warcKey() + "   " + display.apply(archiveDir.resolve(s.warcKey()))));
        out.add(row("  WARC record", s.warcRecordId() + "   " + describeFetch(s)));
        out.add(row("  body", "sha256 " + s.bodySha256() + "   " + String.format("%,d", s.bodyBytes()) + " bytes"));
        out.add(row("  item", s.itemKind() + ", bytes " + String.format("%,d", s.itemOffset()) + " to "
                + String.format("%,d", s.itemOffset() + s.itemLength()) + " of the body ("
                + String.format("%,d", s.itemLength()) + " bytes), sha256 " + s.itemSha256()));
        WarcItemCheck.Result check = WarcItemCheck.check(archiveDir, s);
        out.add(row("  re-read", check.status() + "   " + check.detail()));
        if (e.provenanceKey() != null) {
            out.add(row("  provenance", e.provenanceKey()));
        }
        return out;
    }

    private static String describeFetch(SourceEvidence s) {
        StringBuilder b = new StringBuilder();
        if (SourceEvidence.JETSTREAM_FRAME.equals(s.itemKind())) {
            b.append("frame from ").append(s.fetchedUrl());
        } else {
            b.append("response from ").append(s.fetchedUrl());
            if (s.httpStatus() != null) {
                b.append(", HTTP ").append(s.httpStatus());
            }
        }
        if (s.resolvedAddress() != null) {
            b.append(" (").append(s.resolvedAddress()).append(')');
        }
        if (s.fetchedAt() != null) {
            b.append(", received ").append(s.fetchedAt());
        }
        return b.toString();
    }

    private static String row(String label, String value) {
        return String.format("  %-16s %s", label, value);
    }
}
