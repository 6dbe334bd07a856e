package org.evidencepipeline.collector.publish;

import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.VideoCaptureRequested;

import java.util.concurrent.CompletionStage;

/** Where collected posts, their page and video capture requests and dead letters go. */
public interface PostSink {
    /**
     * Hands the post to the broker without waiting; the stage completes once the broker acknowledged it (or fails
     * with the reason). Several posts may be in flight: one awaited round trip per post was the collector's
     * bottleneck (BENCHMARKS.md), and the idempotent producer keeps them in order per key.
     */
    CompletionStage<Void> publish(PostCollected post);

    /**
     * Hands a page capture request to the broker without waiting, like {@link #publish}: the stage completes once the
     * broker acknowledged it. Sent beside its post, never instead of it; the cursor moves only after both.
     */
    CompletionStage<Void> requestPage(PageCaptureRequested request);

    /**
     * Hands a video capture request (one stream of one post version) to the broker without waiting, like
     * {@link #requestPage}: sent beside its post, and the cursor moves only after the post and all its requests.
     */
    CompletionStage<Void> requestVideo(VideoCaptureRequested request);

    /**
     * Hands the custody ledger entry of an object this collector made durable (a fetch WARC) to the broker without
     * waiting, like {@link #requestPage}: the stage completes once the broker acknowledged it, and the cursor moves only
     * after it.
     */
    CompletionStage<Void> ledger(LedgerEntry entry);

    /** Returns once the dead letter is durable. */
    void deadLetter(CollectorDeadLetter letter);

    /** Returns once the deletion record is durable. */
    void deleted(PostDeleted deletion);
}
