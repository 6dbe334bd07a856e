package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.storer.archive.ArchiveStore;
import org.evidencepipeline.storer.archive.StorageException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Archives one post: every media item captured (in the post's order), then the post itself stored as the
 * exact bytes received, so its hash is the hash of what the enricher published. Idempotent: archiving the
 * same event again writes nothing new.
 */
public final class Archiver {
    private final CaptureService captures;
    private final ArchiveStore store;
    private final ArchiveIndex index;
    private final ToolInfo tool;
    private final Clock clock;

    public Archiver(CaptureService captures, ArchiveStore store, ArchiveIndex index, ToolInfo tool, Clock clock) {
        this.captures = captures;
        this.store = store;
        this.index = index;
        this.tool = tool;
        this.clock = clock;
    }

    /**
     * Key of a post version's JSON: {@code posts/<sha256(post id)>/v<version>/<sha256(bytes)>.json}. Addressed by
     * content too, so a replay of identical bytes is one object and a re-enriched replay never overwrites.
     */
    public static String postKey(String postId, int version, String sha256) {
        return "posts/" + sha256(postId.getBytes(StandardCharsets.UTF_8)) + "/v" + version + "/" + sha256 + ".json";
    }

    public PostArchived archive(PostEnriched post, byte[] receivedBytes, KafkaCoordinates input, String traceId)
            throws StorageException {
        List<CaptureOutcome> outcomes = new ArrayList<>();
        List<ProvenanceRecord> provenance = new ArrayList<>();
        for (int i = 0; i < post.post().media().size(); i++) {
            CapturedMedia m = captures.capture(post, i, post.post().media().get(i), input, traceId);
            outcomes.add(m.outcome());
            if (m.provenance() != null) {
                provenance.add(m.provenance());
            }
        }
        String postSha256 = sha256(receivedBytes);
        String postKey = postKey(post.postId(), post.post().version(), postSha256);
        if (!store.exists(postKey)) {
            store.putEvidenceBytes(postKey, receivedBytes, "application/json");
        }
        PostArchived archived = new PostArchived(PostArchived.SCHEMA_VERSION, post.postId(), post.post().version(),
                post.post().collectionIds(), store.bucket(), postKey, postSha256, outcomes, provenance, input, clock.instant(), tool);
        index.record(archived);
        return archived;
    }

    static String sha256(byte[] bytes) {
        return Hashes.sha256Hex(bytes);
    }
}
