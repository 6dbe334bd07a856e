package org.evidencepipeline.messaging.crashguard;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The crash guard around a stage's incoming Kafka channel. A stage's {@code @Incoming} method hands each record
 * here with its processing and its dead-lettering:
 * <pre>{@code return guard.process(in, this::enrich, this::deadLetter);}</pre>
 * The record's marker is written before {@code process} runs and removed once the stage returned by it completes
 * (the record's own work is done and its outputs are handed to the producer through the
 * {@link org.evidencepipeline.messaging.relay.Relay}, or it is dead-lettered, or it failed), so at-least-once and
 * offsets-after-durable are untouched: the guard never acknowledges anything itself, except through {@code deadLetter}. An
 * {@link Error} (OutOfMemoryError, StackOverflowError) leaves the marker: the record has in effect crashed the
 * consumer even if the process lingers until a liveness probe restarts it.
 * <p>
 * One window is not covered: the process dying between the acknowledgement and the removal of the marker counts a
 * crash against a record that did not cause it; it takes {@code max-crashes} such deaths on one record to matter.
 * <p>
 * The guard works one record at a time per partition, which is how the stages consume ({@code @Blocking}, ordered,
 * one record in flight per consumer).
 */
@ApplicationScoped
@Startup
public class GuardedIncoming {
    private static final Logger LOG = Logger.getLogger(GuardedIncoming.class);

    @Inject
    CrashGuardConfig config;

    private CrashGuard guard;

    /**
     * At start-up (an unusable directory fails the start, not the first record), before anything is processed:
     * reads the markers an earlier process left.
     */
    @PostConstruct
    void start() {
        guard = config.enabled() ? new CrashGuard(config.dir(), config.maxCrashes(), Clock.systemUTC()) : null;
        if (guard == null) {
            LOG.warn("crash guard off (pipeline.crash-guard.enabled=false): a record that kills the process kills it at every start");
        } else {
            LOG.infof("crash guard on: markers in %s, a record that crashed the consumer %d times is dead-lettered",
                    config.dir(), config.maxCrashes());
        }
    }

    @PreDestroy
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** The guard itself (markers, counts), for health and tests; null when off. */
    public CrashGuard guard() {
        return guard;
    }

    public CompletionStage<Void> process(Message<byte[]> in, Function<Message<byte[]>, CompletionStage<Void>> process,
                                         BiFunction<Message<byte[]>, Throwable, CompletionStage<Void>> deadLetter) {
        RecordInHand record = guard == null ? null : in.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> RecordInHand.of(m.getTopic(), m.getPartition(), m.getOffset(),
                        m.getKey() == null ? null : m.getKey().toString(), in.getPayload()))
                .orElse(null);
        if (record == null) {
            return process.apply(in);
        }
        Admission admission = guard.admit(record);
        if (admission instanceof Admission.DeadLetter d) {
            LOG.errorf("dead-lettering %s: it crashed the consumer %d times (first at %s)", record, d.crashes(), d.firstCrash());
            return settleAfter(record, deadLetter.apply(in, new CrashedTheConsumerException(d.crashes(), d.firstCrash())));
        }
        if (((Admission.Process) admission).attempt() > 1) {
            LOG.warnf("processing %s again: attempt %d, it was in hand when the process died", record,
                    ((Admission.Process) admission).attempt());
        }
        CompletionStage<Void> done;
        try {
            done = process.apply(in);
        } catch (RuntimeException e) {
            // The messaging layer nacks (dead-letters) a record whose processing throws: settled, not a crash.
            guard.settled(record);
            throw e;
        } catch (Error e) {
            guard.abandoned(record);
            throw e;
        }
        return settleAfter(record, done);
    }

    private CompletionStage<Void> settleAfter(RecordInHand record, CompletionStage<Void> done) {
        // whenComplete's stage completes after the marker is gone, so the next record's marker comes after it.
        return done.whenComplete((v, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause instanceof Error) {
                guard.abandoned(record);
            } else {
                guard.settled(record);
            }
        });
    }
}
