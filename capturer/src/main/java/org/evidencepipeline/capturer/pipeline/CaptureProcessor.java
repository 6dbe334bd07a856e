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
import org.evidencepipeline.capturer.capture.PageCapturer;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.messaging.crashguard.GuardedIncoming;
import org.evidencepipeline.messaging.relay.Relay;

import java.util.Locale;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code pages.requested.v1}, captures each page, and publishes one {@code pages.archived.v1} record per
 * request (captured, failed, refused or skipped), keyed by post id; the input is acknowledged only once that record is
 * acknowledged by the broker. While the archive is unreachable the request is retried with back-off (blocking the
 * partition), up to {@code capturer.s3.retry-for}; then, like a record that is not a valid request, it goes to the
 * dead-letter topic with the reason ({@link ArchivingFlow}). So every request ends in a record or a dead letter.
 */
@ApplicationScoped
public class CaptureProcessor {
    @Inject
    PageCapturer capturer;
    @Inject
    CapturerConfig config;
    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("pages-archived")
    MutinyEmitter<PageArchived> archived;

    /** Records too large to dead-letter whole ({@link org.evidencepipeline.messaging.deadletter.OversizedDeadLetter}). */
    @Inject
    @Channel("oversized-dead-letter")
    MutinyEmitter<byte[]> oversized;

    /** A record that crashed this consumer twice is dead-lettered instead of processed (pipeline.crash-guard.*). */
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

    private ArchivingFlow<PageCaptureRequested, PageArchived> flow;

    @PostConstruct
    void init() {
        flow = new ArchivingFlow<>(PageCaptureRequested.class, "page", PageCaptureRequested::postId, PageArchived::postId,
                config.s3(), metrics, archived, oversized, new CaptureEntries(store, clock)::page, ledger, relay);
    }

    @Incoming("pages-requested")
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> in) {
        return crashGuard.process(in, m -> flow.handle(m, capturer::capture, (record, sample) -> {
            String outcome = record.outcome().getClass().getSimpleName().toLowerCase(Locale.ROOT);
            sample.stop(metrics.timer("capturer.page", "outcome", outcome));
            metrics.counter("capturer.pages", "outcome", outcome).increment();
        }), flow::deadLetter);
    }
}
