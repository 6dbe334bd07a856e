package org.evidencepipeline.storer.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.messaging.crashguard.GuardedIncoming;
import org.evidencepipeline.messaging.deadletter.DeadLetters;
import org.evidencepipeline.messaging.deadletter.OversizedDeadLetter;
import org.evidencepipeline.messaging.relay.Outputs;
import org.evidencepipeline.messaging.relay.Relay;
import org.evidencepipeline.storer.StorerConfig;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.storer.capture.Archiver;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Consumes {@code posts.enriched.v1}, archives each post with its media, and publishes
 * {@code posts.archived.v1}. The input is acknowledged (and so its offset committed) only after the
 * objects, provenance records, the archive record and one custody ledger entry per object
 * ({@code ledger.entries.v1}) are all durable; the next post is archived while the broker acknowledges those
 * ({@link Relay}). While the archive is unreachable
 * the post is retried with back-off (blocking this partition, which is the back-pressure we want); a
 * post that cannot be archived within {@code storer.s3.retry-for}, or that is not a valid event, goes to
 * the dead-letter topic with the reason. Refused, failed and oversized captures are also dead-lettered,
 * one record each, beside their place in the archive record.
 */
@ApplicationScoped
public class ArchiveProcessor {
    private static final Logger LOG = Logger.getLogger(ArchiveProcessor.class);

    private final EventCodec codec = new EventCodec();

    @Inject
    Archiver archiver;
    @Inject
    StorerConfig config;
    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("posts-archived")
    MutinyEmitter<PostArchived> archived;

    /** One entry per evidence object made durable (or found durable), for the custody ledger (Topics.LEDGER_ENTRIES). */
    @Inject
    @Channel("ledger-entries")
    MutinyEmitter<LedgerEntry> ledgerEntries;

    @Inject
    @Channel("capture-dead-letter")
    MutinyEmitter<CaptureOutcome> captureFailures;

    /** Records too large to dead-letter whole, see {@link OversizedDeadLetter}. */
    @Inject
    @Channel("oversized-dead-letter")
    MutinyEmitter<byte[]> oversized;

    /** Sends each post's outputs and settles its input after them, without waiting (pipeline.relay.*). */
    @Inject
    Relay relay;

    /** A record that crashed this consumer twice is dead-lettered instead of processed (pipeline.crash-guard.*). */
    @Inject
    GuardedIncoming crashGuard;

    @Incoming("posts-enriched")
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> in) {
        return crashGuard.process(in, this::archive, this::deadLetterRecord);
    }

    private CompletionStage<Void> archive(Message<byte[]> in) {
        PostEnriched post;
        try {
            post = codec.read(in.getPayload(), PostEnriched.class);
        } catch (EventCodec.InvalidEventException e) {
            LOG.warnf("dead-lettering record: %s", e.getMessage());
            metrics.counter("storer.dead.letters", "reason", "invalid-event").increment();
            return deadLetterRecord(in, e);
        }
        KafkaCoordinates input = in.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new KafkaCoordinates(m.getTopic(), m.getPartition(), m.getOffset())).orElse(null);
        Archiver.Archived done;
        try {
            done = archiveWithRetry(post, in.getPayload(), input, Outputs.traceId(in));
        } catch (StorageException e) {
            metrics.counter("storer.dead.letters", "reason", "storage-unavailable").increment();
            return deadLetterRecord(in, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        PostArchived record = done.record();
        count(record);
        // The capture dead letters, the ledger entries and the archive record go out together and are all acknowledged
        // before the input is: an entry that cannot be published dead-letters the input like an archive record that
        // cannot (nothing is acknowledged without its entries; a replay of the dead letter publishes them again, and the
        // ledger drops repeats).
        List<Uni<Void>> sends = new ArrayList<>(done.entries().size() + 2);
        for (CaptureOutcome outcome : record.captures()) {
            String reason = reason(outcome);
            if (reason != null) {
                sends.add(captureFailures.sendMessage(Outputs.traced(in, deadLetter(post.postId(), outcome, reason, input))));
            }
        }
        for (LedgerEntry entry : done.entries()) {
            sends.add(ledgerEntries.sendMessage(Outputs.traced(in, Outputs.keyed(entry, record.postId())))
                    .invoke(() -> metrics.counter("storer.ledger.entries.published", "kind", entry.kind()).increment()));
        }
        sends.add(archived.sendMessage(Outputs.traced(in, Outputs.keyed(record, record.postId()))));
        return relay.forward(in, "archive record or ledger entries of " + post.postId(), sends, this::deadLetterRecord);
    }

    /** The whole input record to the dead-letter topic, byte for byte or cut short when too large ({@link DeadLetters}). */
    private CompletionStage<Void> deadLetterRecord(Message<byte[]> in, Throwable reason) {
        return DeadLetters.deadLetter(in, reason, oversized);
    }

    private Archiver.Archived archiveWithRetry(PostEnriched post, byte[] bytes, KafkaCoordinates input, String traceId)
            throws StorageException, InterruptedException {
        long deadline = System.nanoTime() + config.s3().retryFor().toNanos();
        Duration delay = Duration.ofMillis(500);
        while (true) {
            try {
                return archiver.archiveWithEntries(post, bytes, input, traceId);
            } catch (StorageException e) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new StorageException("archive unreachable for " + config.s3().retryFor() + ": " + e.getMessage(), e);
                }
                // The last wait is cut to the deadline, so the last attempt is made when retry-for has passed, not
                // up to one back-off step (max-retry-delay) before it.
                long sleep = Math.max(1, Math.min(delay.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining)));
                LOG.warnf("archive unavailable (%s); retrying %s in %d ms", e.getMessage(), post.postId(), sleep);
                metrics.counter("storer.storage.retries").increment();
                Thread.sleep(sleep);
                delay = delay.multipliedBy(2);
                if (delay.compareTo(config.s3().maxRetryDelay()) > 0) {
                    delay = config.s3().maxRetryDelay();
                }
            }
        }
    }

    private void count(PostArchived record) {
        metrics.counter("storer.posts.archived").increment();
        // How many post versions came with their platform bytes preserved (and so got a post provenance record).
        metrics.counter("storer.posts.provenance", "source", record.postProvenance() != null ? "preserved" : "none").increment();
        for (CaptureOutcome c : record.captures()) {
            String outcome = c.getClass().getSimpleName().toLowerCase();
            metrics.counter("storer.captures", "outcome", outcome).increment();
            if (c instanceof CaptureOutcome.Stored s) {
                metrics.counter("storer.bytes.stored").increment(s.size());
            }
        }
    }

    private static String reason(CaptureOutcome outcome) {
        if (outcome instanceof CaptureOutcome.Refused r) {
            return "refused: " + r.reason();
        }
        if (outcome instanceof CaptureOutcome.Failed f) {
            return "failed: " + f.reason();
        }
        if (outcome instanceof CaptureOutcome.TooLarge t) {
            return "too large: over " + t.limitBytes() + " bytes";
        }
        return null;
    }

    private static Message<CaptureOutcome> deadLetter(String postId, CaptureOutcome outcome, String reason, KafkaCoordinates input) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        if (input != null) {
            headers.add("dead-letter-topic", input.topic().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-partition", Integer.toString(input.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-offset", Long.toString(input.offset()).getBytes(StandardCharsets.UTF_8));
        }
        return Message.of(outcome).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(postId).withHeaders(headers).build());
    }
}
