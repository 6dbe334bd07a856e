package org.evidencepipeline.collector.run;

import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.collector.evidence.FetchArchive;
import org.evidencepipeline.collector.evidence.PreservedCapture;
import org.evidencepipeline.collector.evidence.SourceCapture;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.page.PageRequests;
import org.evidencepipeline.collector.video.VideoRequests;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.source.FoundDeletion;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.RejectedEntry;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.Text;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.PostId;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One poll of one source: fetch, drop posts already published with the same content, preserve each response that
 * yields a new post version (its WARC in the archive), publish new posts and edits (as new versions) pointing at their
 * bytes there, each with a request for its page beside it (collections with {@code capture.pages} on) and one per video
 * stream it names (collections with {@code capture.videos} on), then save the cursor. The response is durable before
 * its posts are published, and they and their page and video requests before the cursor
 * moves, so a crash at any point re-reads rather than skips (at-least-once; the WARC write is content-addressed and
 * write-once, downstream writes are idempotent).
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
    private final PostNamespaces namespaces = new PostNamespaces();
    private final FetchArchive fetches;
    private final PageRequests pages;
    private final VideoRequests videos;

    public SourceRunner(Map<String, SourceAdapter> adapters, CursorStore cursors, PostSink publisher,
                        SourceStatusBoard board, ToolInfo tool, int rememberedPosts, Clock clock) {
        this(adapters, cursors, publisher, board, tool, rememberedPosts, clock, FetchArchive.NONE);
    }

    /**
     * @param fetches where each response that yields a new post version is preserved before that post is published
     */
    public SourceRunner(Map<String, SourceAdapter> adapters, CursorStore cursors, PostSink publisher,
                        SourceStatusBoard board, ToolInfo tool, int rememberedPosts, Clock clock, FetchArchive fetches) {
        this.fetches = fetches;
        this.adapters = Map.copyOf(adapters);
        this.cursors = cursors;
        this.publisher = publisher;
        this.board = board;
        this.tool = tool;
        this.rememberedPosts = rememberedPosts;
        this.clock = clock;
        this.pages = new PageRequests(tool, clock);
        this.videos = new VideoRequests(tool, clock);
    }

    /**
     * Result of one poll, for logs and tests; {@code pagesRequested} and {@code videosRequested} count the page and
     * video (one per stream) requests the broker acknowledged.
     */
    public record Outcome(int published, int unchanged, int rejected, boolean notModified, int pagesRequested,
                          int videosRequested) {
        public Outcome(int published, int unchanged, int rejected, boolean notModified) {
            this(published, unchanged, rejected, notModified, 0, 0);
        }

        public Outcome(int published, int unchanged, int rejected, boolean notModified, int pagesRequested) {
            this(published, unchanged, rejected, notModified, pagesRequested, 0);
        }
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
            return unreadable(source, cursor, e);
        } catch (FetchException e) {
            LOG.warnf("source %s: %s", sourceId, e.getMessage());
            board.failed(sourceId, e.outcome(), e.getMessage());
            return new Outcome(0, 0, 0, false);
        }
        // An entry that cannot be read stays in the feed for polls on end: it is dead-lettered once, the first time.
        Set<String> rejectedNow = new LinkedHashSet<>();
        for (RejectedEntry r : batch.rejected()) {
            String fingerprint = Hashes.sha256Hex(sourceId + '\u0000' + r.reason() + '\u0000' + r.excerpt()
                    + (r.sha256() == null ? "" : '\u0000' + r.sha256()));
            if (rejectedNow.add(fingerprint) && !cursor.rejected().contains(fingerprint)) {
                publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), r.reason(), r.excerpt(), clock.instant(),
                        r.sha256(), r.bytes()));
            }
        }
        if (batch.notModified()) {
            board.fetchEvidence(sourceId, 0, 1);
            if (cursor.failure() != null) { // the failure is over: the next one is a new one
                cursors.save(cursor.advance(cursor.etag(), cursor.lastModified(), cursor.position(), cursor.seen(),
                        rememberedPosts, clock.instant()));
            }
            board.succeeded(sourceId, 0, 0, null, true);
            return new Outcome(0, 0, 0, true);
        }
        LinkedHashMap<String, SourceCursor.Seen> seen = new LinkedHashMap<>(cursor.seen());
        Tally tally = new Tally();
        Instant newest = null;
        boolean complete = false;
        // Posts are sent without waiting for each acknowledgement (at most IN_FLIGHT at a time) and settled in
        // order: a post is remembered as seen only once the broker has it.
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        // Each capture (response or listening window) is preserved once, before the first post read from it is sent.
        Map<SourceCapture, Optional<PreservedCapture>> preserved = new IdentityHashMap<>();
        try {
            for (FoundPost post : batch.posts()) {
                if (post.publishedAt() != null && (newest == null || post.publishedAt().isAfter(newest))) {
                    newest = post.publishedAt();
                }
                String postId = new PostId(post.platform(), post.platformId()).toString();
                String hash = contentHash(post);
                SourceCursor.Seen before = seen.get(postId);
                if (before != null && before.contentHash().equals(hash)) {
                    tally.unchanged++;
                    continue;
                }
                List<Collection> caught = source.collections().stream().filter(c -> c.catches(post.title(), post.text())).toList();
                List<String> collectionIds = caught.stream().map(Collection::id).toList();
                int version = before == null ? 1 : before.version() + 1;
                SourceCursor.Seen sighting = new SourceCursor.Seen(hash, version);
                Optional<String> foreign = namespaces.problem(source.spec(), post.platform(), post.platformId());
                if (foreign.isPresent()) {
                    refuseForeign(source, foreign.get(), Text.excerpt(post.title() + " " + post.url(), 2048));
                    tally.unpublishable++;
                    // remembered as seen (not published), so the same forged post is refused once, not at every poll
                    inFlight.add(new Pending(postId, sighting, null, null, null, List.of(), null));
                } else if (collectionIds.isEmpty()) {
                    inFlight.add(new Pending(postId, sighting, null, null, null, List.of(), null));
                } else {
                    Optional<PreservedCapture> capture = preserve(post, preserved);
                    PostCollected event = toEvent(post, postId, version, sourceId, collectionIds, hash)
                            .withSource(capture.map(p -> p.evidenceFor(post.raw())).orElse(null));
                    // The page and video requests and the fetch WARC's ledger entry go out beside the post, not after
                    // its acknowledgement: no extra round trip.
                    CompletableFuture<Void> sent = send(event);
                    CompletableFuture<Void> page = pages.forPost(event, caught).map(this::requestPage).orElse(null);
                    List<CompletableFuture<Void>> streams = videos.forPost(event, caught).stream().map(this::requestVideo).toList();
                    CompletableFuture<Void> entry = capture.map(PreservedCapture::ledgerEntry).map(this::publishEntry).orElse(null);
                    inFlight.add(new Pending(postId, sighting, post, sent, page, streams, entry));
                }
                while (inFlight.size() >= IN_FLIGHT) {
                    settle(inFlight.poll(), source, seen, tally);
                }
            }
            while (!inFlight.isEmpty()) {
                settle(inFlight.poll(), source, seen, tally);
            }
            for (FoundDeletion d : batch.deletions()) {
                Optional<String> foreign = namespaces.problem(source.spec(), d.platform(), d.platformId());
                if (foreign.isPresent()) { // a deletion of another namespace's post would withdraw a post it does not own
                    refuseForeign(source, "deletion of " + foreign.get(), Text.excerpt(String.valueOf(d.evidence()), 2048));
                    tally.unpublishable++;
                    continue;
                }
                publisher.deleted(new PostDeleted(PostDeleted.SCHEMA_VERSION, new PostId(d.platform(), d.platformId()).toString(),
                        d.platform(), d.platformId(), sourceId, clock.instant(), d.evidence(), tool));
            }
            complete = true;
        } catch (ArchiveUnavailable e) {
            // Nothing read from this response is published until its bytes are durable: the posts not yet sent stay
            // unseen and the paging position stays, so the next poll fetches them again.
            LOG.warnf("source %s: %s", sourceId, e.getMessage());
            board.failed(sourceId, "archive-unavailable", e.getMessage());
            // posts of earlier captures already handed over count as published (settled here, before the outcome)
            while (!inFlight.isEmpty()) {
                settleQuietly(inFlight.poll(), source, seen, tally);
            }
            return new Outcome(tally.published, tally.unchanged, 0, false, tally.pagesRequested, tally.videosRequested);
        } finally {
            // Only a poll read to its end knows which captures yielded nothing new: one cut short (archive or broker
            // down) did not look at the rest, and the capture it could not store did yield something.
            board.fetchEvidence(sourceId, (int) preserved.values().stream().filter(Optional::isPresent).count(),
                    complete ? nothingNew(batch, preserved) : 0);
            // A publish failed (the broker is away) or the thread was interrupted: the posts already handed over are
            // still settled, so every post the broker acknowledged is remembered and none is published twice.
            while (!inFlight.isEmpty()) {
                settleQuietly(inFlight.poll(), source, seen, tally);
            }
            board.pagesRequested(sourceId, tally.pagesRequested);
            board.videosRequested(sourceId, tally.videosRequested);
            board.ledgerEntriesPublished(sourceId, tally.ledgerEntries);
            // Whatever was published is remembered, even if a later publish failed. But the HTTP validators and
            // the paging position only move once the whole batch is published: moved early, a 304 or a
            // newer-than query on the next poll would skip the posts that were not.
            cursors.save((complete
                    ? cursor.advance(batch.etag(), batch.lastModified(), batch.position(), seen, rememberedPosts, clock.instant())
                    : cursor.advance(cursor.etag(), cursor.lastModified(), cursor.position(), seen, rememberedPosts, clock.instant()))
                    .withRejected(rejectedNow));
        }
        int published = tally.published;
        int unchanged = tally.unchanged;
        int unpublishable = tally.unpublishable;
        int rejected = batch.rejected().size() + unpublishable;
        board.succeeded(sourceId, published, rejected, newest, false, batch.charset() == null ? null : batch.charset().toString());
        if (batch.charset() != null) {
            LOG.debugf("source %s: body decoded as %s", sourceId, batch.charset());
        }
        if (published > 0 || rejected > 0) {
            LOG.infof("source %s: %d new or edited posts, %d unchanged, %d rejected", sourceId, published, unchanged, rejected);
        }
        return new Outcome(published, unchanged, rejected, false, tally.pagesRequested, tally.videosRequested);
    }

    /**
     * A body the adapter could not read. Dead-lettered once per distinct failure: the same source, failure class,
     * message and body SHA-256 as the failure remembered in the cursor is a repeat, counted on the status (and its
     * metric) but not written again, also across restarts. A changed body or another failure is a new dead letter.
     */
    private Outcome unreadable(WatchedSource source, SourceCursor cursor, UnreadablePayloadException e) {
        String sourceId = source.spec().id();
        String fingerprint = Hashes.sha256Hex(sourceId + '\u0000' + e.getClass().getName() + '\u0000' + e.getMessage()
                + '\u0000' + e.fingerprint());
        SourceCursor.Failure before = cursor.failure();
        boolean repeat = before != null && before.fingerprint().equals(fingerprint);
        SourceCursor.Failure now = repeat ? before.repeated() : new SourceCursor.Failure(fingerprint, e.getMessage(), 1, clock.instant());
        if (repeat) {
            LOG.debugf("source %s: still unreadable (poll %d in a row, dead-lettered at the first): %s", sourceId, now.repeats(), e.getMessage());
        } else {
            LOG.warnf("source %s: %s", sourceId, e.getMessage());
            publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), e.getMessage(), e.excerpt(), clock.instant(),
                    e.bodySha256(), e.bodyBytes()));
        }
        // After the dead letter: a crash in between writes it again at the next poll, never loses it.
        cursors.save(cursor.failing(now, clock.instant()));
        board.failed(sourceId, "unreadable", e.getMessage(), now.repeats());
        return new Outcome(0, 0, repeat ? 0 : 1, false);
    }

    private void refuseForeign(WatchedSource source, String reason, String excerpt) {
        String sourceId = source.spec().id();
        LOG.errorf("source %s: %s", sourceId, reason);
        publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), reason, excerpt, clock.instant()));
        board.forgedId(sourceId);
    }

    /**
     * The capture the post was read from, as the archive holds it, preserving it first if no earlier post of this poll
     * did. Only that first time does it carry its ledger entry (sent with this post, so once per capture and poll).
     * Empty when the adapter kept no raw item or this collector keeps no fetches.
     */
    private Optional<PreservedCapture> preserve(FoundPost post, Map<SourceCapture, Optional<PreservedCapture>> preserved) {
        if (post.raw() == null) {
            return Optional.empty();
        }
        Optional<PreservedCapture> stored = preserved.get(post.raw().capture());
        if (stored != null) {
            return stored.map(PreservedCapture::withoutLedgerEntry);
        }
        try {
            stored = fetches.preserve(post.raw().capture());
        } catch (StorageException e) {
            throw new ArchiveUnavailable("cannot preserve the fetch before publishing its posts: " + e.getMessage(), e);
        }
        preserved.put(post.raw().capture(), stored);
        return stored;
    }

    /** Captures of this poll that yielded no post version to publish (and so were not stored); one for an empty poll. */
    private static int nothingNew(SourceBatch batch, Map<SourceCapture, Optional<PreservedCapture>> preserved) {
        Set<SourceCapture> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        batch.posts().stream().filter(p -> p.raw() != null).forEach(p -> all.add(p.raw().capture()));
        all.removeAll(preserved.keySet());
        return all.isEmpty() && preserved.isEmpty() ? 1 : all.size();
    }

    private static final class ArchiveUnavailable extends RuntimeException {
        ArchiveUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Posts handed to the broker and not yet acknowledged, per source poll. */
    static final int IN_FLIGHT = 256;

    private static final class Tally {
        int published;
        int unchanged;
        int unpublishable;
        int pagesRequested;
        int videosRequested;
        int ledgerEntries;
    }

    /**
     * A post of this batch in order: {@code sent} is null when no collection caught it (remembered, not published);
     * {@code page} is its page capture request, null when none is due; {@code videos} its video capture requests, one
     * per stream (empty when none is due); {@code ledger} the ledger entry of the fetch WARC this post was the first of
     * this poll to need (null otherwise).
     */
    private record Pending(String postId, SourceCursor.Seen sighting, FoundPost post, CompletableFuture<Void> sent,
                           CompletableFuture<Void> page, List<CompletableFuture<Void>> videos,
                           CompletableFuture<Void> ledger) {
    }

    private CompletableFuture<Void> send(PostCollected event) {
        try {
            return publisher.publish(event).toCompletableFuture();
        } catch (RuntimeException e) { // refused before it left, e.g. by the serializer
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> requestPage(PageCaptureRequested request) {
        try {
            return publisher.requestPage(request).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> publishEntry(LedgerEntry entry) {
        try {
            return publisher.ledger(entry).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> requestVideo(VideoCaptureRequested request) {
        try {
            return publisher.requestVideo(request).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for one post's acknowledgement, then its page and video requests' and its fetch WARC ledger entry's, and
     * remembers the post. A record no retry can
     * publish is dead-lettered and passed; any other failure (the broker is away) is thrown, so the poll stops and
     * the next one starts again from this post (its page request is then sent again: the capturer is idempotent).
     */
    private void settle(Pending p, WatchedSource source, Map<String, SourceCursor.Seen> seen, Tally tally) throws InterruptedException {
        if (p.sent() != null) {
            if (acknowledged(p.sent(), p, "post", source)) {
                tally.published++;
            } else {
                tally.unpublishable++;
            }
        }
        if (p.page() != null) {
            if (acknowledged(p.page(), p, "the page capture request of post", source)) {
                tally.pagesRequested++;
            } else {
                tally.unpublishable++;
            }
        }
        for (CompletableFuture<Void> video : p.videos()) {
            if (acknowledged(video, p, "a video capture request of post", source)) {
                tally.videosRequested++;
            } else {
                tally.unpublishable++;
            }
        }
        if (p.ledger() != null && acknowledged(p.ledger(), p, "the fetch WARC ledger entry of post", source)) {
            tally.ledgerEntries++;
        }
        seen.remove(p.postId()); // re-insert so the newest sightings are the ones kept
        seen.put(p.postId(), p.sighting());
    }

    /**
     * True once the broker has the record; false when it can never take it (larger than the broker takes, or not
     * serialisable): retrying cannot succeed and the posts after it would wait behind it forever, so it is said once,
     * with the reason, as a dead letter. Any other failure is thrown.
     */
    private boolean acknowledged(CompletableFuture<Void> sent, Pending p, String what, WatchedSource source)
            throws InterruptedException {
        try {
            sent.get();
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!neverPublishable(cause)) {
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            }
            String sourceId = source.spec().id();
            String reason = what + " " + p.postId() + " v" + p.sighting().version() + " cannot be published: " + rootMessage(cause);
            LOG.errorf("source %s: %s", sourceId, reason);
            publisher.deadLetter(new CollectorDeadLetter(sourceId, source.spec().url(), reason,
                    Text.excerpt(p.post().title() + " " + p.post().url(), 2048), clock.instant()));
            return false;
        }
    }

    /**
     * After a failure: remember what the broker did acknowledge (the post and all its page and video requests), forget
     * the rest (it is published again later).
     */
    private void settleQuietly(Pending p, WatchedSource source, Map<String, SourceCursor.Seen> seen, Tally tally) {
        if (p.sent() == null) {
            return; // not remembered either: the position does not move, so the next poll sees it again anyway
        }
        boolean post = waitQuietly(p.sent());
        boolean page = p.page() == null || waitQuietly(p.page());
        boolean allVideos = true;
        for (CompletableFuture<Void> video : p.videos()) {
            if (waitQuietly(video)) {
                tally.videosRequested++;
            } else {
                allVideos = false;
            }
        }
        boolean entry = p.ledger() == null || waitQuietly(p.ledger());
        if (post) {
            tally.published++;
        }
        if (p.page() != null && page) {
            tally.pagesRequested++;
        }
        if (p.ledger() != null && entry) {
            tally.ledgerEntries++;
        }
        // A post whose fetch WARC entry was lost is not remembered: the next poll preserves its fetch again (found
        // there) and sends the entry with it.
        if (post && page && allVideos && entry) {
            seen.remove(p.postId());
            seen.put(p.postId(), p.sighting());
        }
        // else not remembered: the post (and its page and video requests) is published again at the next poll
    }

    private static boolean waitQuietly(CompletableFuture<Void> sent) {
        try {
            sent.get(PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** How long a post handed over before a failure is waited for; the producer's own delivery timeout is 2 min. */
    private static final Duration PUBLISH_WAIT = Duration.ofMinutes(2);

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
