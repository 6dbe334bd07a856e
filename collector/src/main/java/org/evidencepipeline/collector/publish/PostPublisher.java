package org.evidencepipeline.collector.publish;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.messaging.relay.Outputs;

import java.util.concurrent.CompletionStage;

/**
 * Publishes collected posts and their page and video capture requests keyed by post id, and collector dead letters keyed by
 * source id. A post's and a page request's stage and the other calls complete only once the broker acknowledged the
 * record, so the cursor, saved after them, is never ahead of the posts or their page requests.
 */
@ApplicationScoped
public class PostPublisher implements PostSink {
    @Inject
    @Channel("posts-collected")
    MutinyEmitter<PostCollected> posts;

    @Inject
    @Channel("collector-dead-letter")
    MutinyEmitter<CollectorDeadLetter> deadLetters;

    @Inject
    @Channel("posts-deleted")
    MutinyEmitter<PostDeleted> deletions;

    @Override
    public CompletionStage<Void> publish(PostCollected post) {
        // Subscribing sends now; the stage completes on the broker's acknowledgement, fails on its refusal.
        return posts.sendMessage(Outputs.keyed(post, post.postId()))
                .subscribeAsCompletionStage();
    }

    @Inject
    @Channel("pages-requested")
    MutinyEmitter<PageCaptureRequested> pages;

    @Override
    public CompletionStage<Void> requestPage(PageCaptureRequested request) {
        // Keyed by post id like the post, so a post's requests stay in order on one partition.
        return pages.sendMessage(Outputs.keyed(request, request.postId()))
                .subscribeAsCompletionStage();
    }

    @Inject
    @Channel("videos-requested")
    MutinyEmitter<VideoCaptureRequested> videos;

    @Override
    public CompletionStage<Void> requestVideo(VideoCaptureRequested request) {
        // Keyed by post id like the post and its page request: one partition keeps a post's requests in order.
        return videos.sendMessage(Outputs.keyed(request, request.postId()))
                .subscribeAsCompletionStage();
    }

    @Inject
    @Channel("ledger-entries")
    MutinyEmitter<LedgerEntry> ledger;

    @Override
    public CompletionStage<Void> ledger(LedgerEntry entry) {
        // Keyed by the object key: a fetch WARC belongs to no one post (LedgerEntry, Topics.LEDGER_ENTRIES).
        return ledger.sendMessage(Outputs.keyed(entry, entry.key()))
                .subscribeAsCompletionStage();
    }

    @Override
    public void deadLetter(CollectorDeadLetter letter) {
        deadLetters.sendMessageAndAwait(Outputs.keyed(letter, letter.sourceId()));
    }

    @Override
    public void deleted(PostDeleted deletion) {
        deletions.sendMessageAndAwait(Outputs.keyed(deletion, deletion.postId()));
    }
}
