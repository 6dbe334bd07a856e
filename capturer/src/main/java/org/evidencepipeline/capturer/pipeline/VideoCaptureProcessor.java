package org.evidencepipeline.capturer.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.CapturerConfig;
import org.evidencepipeline.capturer.ledger.CaptureEntries;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.capturer.video.VideoCapturer;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.messaging.crashguard.GuardedIncoming;
import org.evidencepipeline.messaging.relay.Relay;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code videos.requested.v1}, captures each stream, and publishes one {@code videos.archived.v1} record per
 * request (captured, too-large, failed, refused or skipped), keyed by post id, acknowledging the input only once the
 * broker has it; an unreachable archive is retried up to {@code capturer.s3.retry-for}, then dead-lettered like an
 * invalid record ({@link ArchivingFlow}). One stream at a time, beside the page consumer.
 */
@ApplicationScoped
public class VideoCaptureProcessor {
    @Inject
    VideoCapturer capturer;
    @Inject
    CapturerConfig config;
    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("videos-archived")
    MutinyEmitter<VideoArchived> archived;

    @Inject
    @Channel("oversized-dead-letter")
    MutinyEmitter<byte[]> oversized;

    @Inject
    GuardedIncoming crashGuard;

    /** Custody ledger entries of every object a capture has on record ({@link CaptureEntries}). */
    @Inject
    @Channel("ledger-entries")
    MutinyEmitter<LedgerEntry> ledger;
    @Inject
    ArchiveStore store;
    @Inject
    Clock clock;
    /** Sends each capture's outputs and settles its request after them (pipeline.relay.*). */
    @Inject
    Relay relay;

    private ArchivingFlow<VideoCaptureRequested, VideoArchived> flow;

    @PostConstruct
    void init() {
        flow = new ArchivingFlow<>(VideoCaptureRequested.class, "video", VideoCaptureRequested::postId, VideoArchived::postId,
                config.s3(), metrics, archived, oversized, new CaptureEntries(store, clock)::video, ledger, relay);
    }

    @Incoming("videos-requested")
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> in) {
        return crashGuard.process(in, m -> flow.handle(m, capturer::capture, (record, sample) -> {
            String outcome = outcomeName(record.outcome());
            sample.stop(metrics.timer("capturer.video", "outcome", outcome));
            metrics.counter("capturer.videos", "outcome", outcome).increment();
            if (record.provenance() != null) {
                metrics.counter("capturer.video.bytes").increment(record.provenance().totals().bytes());
            }
        }), flow::deadLetter);
    }

    /** As in the record's JSON ({@code outcome}). */
    static String outcomeName(VideoCaptureOutcome outcome) {
        if (outcome instanceof VideoCaptureOutcome.Captured) {
            return "captured";
        }
        if (outcome instanceof VideoCaptureOutcome.TooLarge) {
            return "too-large";
        }
        if (outcome instanceof VideoCaptureOutcome.Failed) {
            return "failed";
        }
        if (outcome instanceof VideoCaptureOutcome.Refused) {
            return "refused";
        }
        return "skipped";
    }
}
