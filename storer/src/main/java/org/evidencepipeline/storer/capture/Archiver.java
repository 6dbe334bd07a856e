package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Archives one post: every media item captured (in the post's order), then the post itself stored as the
 * exact bytes received, so its hash is the hash of what the enricher published. Idempotent: archiving the
 * same event again writes nothing new. A stage upstream that crashed repeats its work, and its second event
 * for the same post version differs only in when it was collected or enriched: that event is recorded against
 * the post JSON already stored, so one post version is one object. A re-enrichment with different results (or
 * by another tool version) is a different object and never overwrites the first. A post that names its raw item (its
 * {@code source} evidence) gets a post provenance record once its object is durable ({@link PostProvenanceWriter}).
 */
public final class Archiver {
    private final CaptureService captures;
    private final ArchiveStore store;
    private final ArchiveIndex index;
    private final ToolInfo tool;
    private final Clock clock;
    private final CaptureBudget budget;
    private final PostProvenanceWriter postProvenance;
    private final EventCodec codec = new EventCodec();

    public Archiver(CaptureService captures, ArchiveStore store, ArchiveIndex index, ToolInfo tool, Clock clock, CaptureBudget budget,
                    PostProvenanceWriter postProvenance) {
        this.budget = budget;
        this.postProvenance = postProvenance;
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
        return archiveWithEntries(post, receivedBytes, input, traceId).record();
    }

    /**
     * The archive record of a post and the custody ledger entries of every object it stands for (each media item's
     * objects, the normalised post, its provenance record, raw item and time-stamp token), in the order they became
     * durable: all are durable when this returns, so publishing the entries before acknowledging the input loses none.
     */
    public record Archived(PostArchived record, List<LedgerEntry> entries) {
        public Archived {
            entries = List.copyOf(entries);
        }
    }

    /** {@link #archive}, with the ledger entries of what it stored or found stored. */
    public Archived archiveWithEntries(PostEnriched post, byte[] receivedBytes, KafkaCoordinates input, String traceId)
            throws StorageException {
        EvidenceEntries entries = new EvidenceEntries(store, clock, post);
        List<CaptureOutcome> outcomes = new ArrayList<>();
        List<ProvenanceRecord> provenance = new ArrayList<>();
        long postDeadline = System.nanoTime() + budget.perPost().toNanos();
        List<MediaRef> media = post.post().media();
        for (int i = 0; i < media.size(); i++) {
            String url = media.get(i).url();
            long left = postDeadline - System.nanoTime();
            if (i >= budget.maxMediaPerPost()) {
                outcomes.add(new CaptureOutcome.Skipped(url, "over the cap of " + budget.maxMediaPerPost() + " media per post ("
                        + media.size() + " in this post)"));
                continue;
            }
            if (left <= 0) {
                outcomes.add(new CaptureOutcome.Skipped(url, "the post's capture time budget of " + budget.perPost()
                        + " was spent before this item"));
                continue;
            }
            CapturedMedia m = captures.capture(post, i, media.get(i), input, traceId, Duration.ofNanos(left));
            outcomes.add(m.outcome());
            entries.addAll(m.entries());
            if (m.provenance() != null) {
                provenance.add(m.provenance());
            }
        }
        String postSha256 = sha256(receivedBytes);
        String postKey = postKey(post.postId(), post.post().version(), postSha256);
        // One LIST of this version's folder says both whether these bytes are stored and what else is: a HEAD
        // first would be one more round trip for every new post (BENCHMARKS.md, S3 round trips).
        String prefix = postKey.substring(0, postKey.lastIndexOf('/') + 1);
        List<String> stored = store.keys(prefix);
        // The post as the stored object holds it: its source evidence is what the post provenance states.
        PostEnriched storedPost = post;
        if (stored.contains(postKey)) {
            // These very bytes are stored (a replay): the key is their hash, so the entry is the first attempt's.
            entries.found(LedgerEntry.POST, postKey, postSha256, receivedBytes.length, null);
        } else {
            Optional<Stored> earlier = sameVersionStored(post, prefix, stored);
            if (earlier.isPresent()) {
                postKey = earlier.get().key();
                postSha256 = postKey.substring(postKey.lastIndexOf('/') + 1, postKey.length() - ".json".length());
                storedPost = earlier.get().post();
                entries.found(LedgerEntry.POST, postKey, postSha256, earlier.get().size(), null);
            } else {
                entries.written(LedgerEntry.POST, store.putEvidenceBytes(postKey, receivedBytes, "application/json"), postSha256,
                        receivedBytes.length, null);
            }
        }
        PostProvenance postRecord = postProvenance.record(storedPost, postKey, postSha256, input, traceId, entries).orElse(null);
        PostArchived archived = new PostArchived(PostArchived.SCHEMA_VERSION, post.postId(), post.post().version(),
                post.post().collectionIds(), store.bucket(), postKey, postSha256, outcomes, provenance, input, clock.instant(), tool,
                postRecord);
        index.record(archived);
        return new Archived(archived, entries.entries());
    }

    /** A post object already in the archive, as read back. */
    private record Stored(String key, PostEnriched post, long size) {
    }

    /**
     * A post JSON already stored for this post version that says the same as {@code post} apart from the collection
     * and enrichment times and the source evidence, if any. Its bytes are re-hashed, so the key is only trusted if it
     * is the hash of what it holds. A repeat from another fetch names other (equally true) bytes of the platform: the
     * first object and its evidence stand. But an object without evidence never stands for a post that has some, or
     * the platform's bytes this post names would be claimed by nothing.
     */
    private Optional<Stored> sameVersionStored(PostEnriched post, String prefix, List<String> stored) throws StorageException {
        PostEnriched mine = withoutTimes(post);
        for (String key : stored) {
            Optional<byte[]> bytes = store.get(key);
            if (bytes.isEmpty() || !key.equals(prefix + sha256(bytes.get()) + ".json")) {
                continue;
            }
            try {
                PostEnriched earlier = codec.read(bytes.get(), PostEnriched.class);
                boolean losesEvidence = post.post().source() != null && earlier.post().source() == null;
                if (!losesEvidence && withoutTimes(earlier).equals(mine)) {
                    return Optional.of(new Stored(key, earlier, bytes.get().length));
                }
            } catch (EventCodec.InvalidEventException unreadable) {
                // not a post this storer wrote; leave it alone
            }
        }
        return Optional.empty();
    }

    /** The post without its collection and enrichment times, and without its source evidence (compared apart). */
    static PostEnriched withoutTimes(PostEnriched e) {
        PostCollected p = e.post();
        PostCollected collected = new PostCollected(p.schemaVersion(), p.postId(), p.platform(), p.platformId(), p.version(),
                p.sourceId(), p.collectionIds(), p.url(), p.author(), p.title(), p.text(), p.languageHint(), p.publishedAt(),
                Instant.EPOCH, p.media(), p.geo(), p.contentHash(), p.collector());
        return new PostEnriched(e.schemaVersion(), collected, e.language(), e.hashtags(), e.mentions(), e.links(), e.expandedLinks(),
                e.textSha256(), e.simhash(), Instant.EPOCH, e.enricher());
    }

    static String sha256(byte[] bytes) {
        return Hashes.sha256Hex(bytes);
    }
}
