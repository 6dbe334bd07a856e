package org.evidencepipeline.collector.run;

import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.source.FoundDeletion;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.RejectedEntry;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.Text;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.PostId;
import org.evidencepipeline.contracts.ToolInfo;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One poll of one source: fetch, drop posts already published with the same content, publish new posts
 * and edits (as new versions), then save the cursor. Posts are published before the cursor moves, so a
 * crash at any point re-reads rather than skips (at-least-once; downstream writes are idempotent).
 */
public final class SourceRunner {
    private static final Logger LOG = Logger.getLogger(SourceRunner.class);

    private final Map<String, SourceAdapter> adapters;
    private final CursorStore cursors;
    private final PostSink publisher;
    private final SourceStatusBoard board;
    private final ToolInfo tool;
    private final int rememberedPosts;
    private final Clock clock;

    public SourceRunner(Map<String, SourceAdapter> adapters, CursorStore cursors, PostSink publisher,
                        SourceStatusBoard board, ToolInfo tool, int rememberedPosts, Clock clock) {
        this.adapters = Map.copyOf(adapters);
        this.cursors = cursors;
        this.publisher = publisher;
        this.board = board;
        this.tool = tool;
        this.rememberedPosts = rememberedPosts;
        this.clock = clock;
    }

    /** Result of one poll, for logs and tests. */
    public record Outcome(int published, int unchanged, int rejected, boolean notModified) {
    }

    public Outcome run(WatchedSource source) throws InterruptedException {
        String sourceId = source.spec().id();
        SourceAdapter adapter = adapters.get(source.spec().type());
        if (adapter == null) {
            board.failed(sourceId, "no-adapter", "no adapter for type " + source.spec().type());
            return new Outcome(0, 0, 0, false);
        }
        SourceCursor cursor = cursors.get(sourceId);
        SourceBatch batch;
        try {
            batch = adapter.poll(source.spec(), cursor);
        } catch (UnreadablePayloadException e) {
            LOG.warnf("source %s: %s", sourceId, e.getMessage());
            publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), e.getMessage(), e.excerpt(), clock.instant()));
            board.failed(sourceId, "unreadable", e.getMessage());
            return new Outcome(0, 0, 1, false);
        } catch (FetchException e) {
            LOG.warnf("source %s: %s", sourceId, e.getMessage());
            board.failed(sourceId, e.retryAfter() != null ? "rate-limited" : "error", e.getMessage());
            return new Outcome(0, 0, 0, false);
        }
        for (RejectedEntry r : batch.rejected()) {
            publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), r.reason(), r.excerpt(), clock.instant()));
        }
        if (batch.notModified()) {
            board.succeeded(sourceId, 0, 0, null, true);
            return new Outcome(0, 0, 0, true);
        }
        LinkedHashMap<String, SourceCursor.Seen> seen = new LinkedHashMap<>(cursor.seen());
        int published = 0;
        int unchanged = 0;
        int unpublishable = 0;
        Instant newest = null;
        boolean complete = false;
        try {
            for (FoundPost post : batch.posts()) {
                if (post.publishedAt() != null && (newest == null || post.publishedAt().isAfter(newest))) {
                    newest = post.publishedAt();
                }
                String postId = new PostId(post.platform(), post.platformId()).toString();
                String hash = contentHash(post);
                SourceCursor.Seen before = seen.get(postId);
                if (before != null && before.contentHash().equals(hash)) {
                    unchanged++;
                    continue;
                }
                List<String> collectionIds = source.collections().stream()
                        .filter(c -> c.catches(post.title(), post.text())).map(Collection::id).toList();
                int version = before == null ? 1 : before.version() + 1;
                if (!collectionIds.isEmpty()) {
                    try {
                        publisher.publish(toEvent(post, postId, version, sourceId, collectionIds, hash));
                        published++;
                    } catch (RuntimeException e) {
                        if (!neverPublishable(e)) {
                            throw e; // the broker is away: stop here, the next poll starts again from this post
                        }
                        // Larger than the broker takes (or not serialisable): retrying can never succeed, and the posts
                        // after it in the batch would wait behind it forever. Said once, with the reason, and passed.
                        String reason = "post " + postId + " v" + version + " cannot be published: " + rootMessage(e);
                        LOG.errorf("source %s: %s", sourceId, reason);
                        publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), reason,
                                Text.excerpt(post.title() + " " + post.url(), 2048), clock.instant()));
                        unpublishable++;
                    }
                }
                seen.remove(postId); // re-insert so the newest sightings are the ones kept
                seen.put(postId, new SourceCursor.Seen(hash, version));
            }
            for (FoundDeletion d : batch.deletions()) {
                publisher.deleted(new PostDeleted(PostDeleted.SCHEMA_VERSION, new PostId(d.platform(), d.platformId()).toString(),
                        d.platform(), d.platformId(), sourceId, clock.instant(), d.evidence(), tool));
            }
            complete = true;
        } finally {
            // Whatever was published is remembered, even if a later publish failed. But the HTTP validators and
            // the paging position only move once the whole batch is published: moved early, a 304 or a
            // newer-than query on the next poll would skip the posts that were not.
            cursors.save(complete
                    ? cursor.advance(batch.etag(), batch.lastModified(), batch.position(), seen, rememberedPosts, clock.instant())
                    : cursor.advance(cursor.etag(), cursor.lastModified(), cursor.position(), seen, rememberedPosts, clock.instant()));
        }
        int rejected = batch.rejected().size() + unpublishable;
        board.succeeded(sourceId, published, rejected, newest, false);
        if (published > 0 || rejected > 0) {
            LOG.infof("source %s: %d new or edited posts, %d unchanged, %d rejected", sourceId, published, unchanged, rejected);
        }
        return new Outcome(published, unchanged, rejected, false);
    }

    /** A publish failure no retry can cure: the record is larger than the producer or broker accepts, or cannot be serialised. */
    static boolean neverPublishable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private PostCollected toEvent(FoundPost p, String postId, int version, String sourceId, List<String> collectionIds, String hash) {
        return new PostCollected(PostCollected.SCHEMA_VERSION, postId, p.platform(), p.platformId(), version, sourceId,
                collectionIds, p.url(), p.author(), p.title(), p.text(), p.languageHint(), p.publishedAt(),
                clock.instant(), p.media(), p.geo(), hash, tool);
    }

    /** SHA-256 over what a reader sees: title, text and media URLs. A change in any of them is an edit. */
    static String contentHash(FoundPost p) {
        StringBuilder canonical = new StringBuilder()
                .append(p.title() == null ? "" : p.title()).append('\u0000')
                .append(p.text() == null ? "" : p.text()).append('\u0000');
        p.media().forEach(m -> canonical.append(m.url()).append('\u0000'));
        return Hashes.sha256Hex(canonical.toString());
    }
}
