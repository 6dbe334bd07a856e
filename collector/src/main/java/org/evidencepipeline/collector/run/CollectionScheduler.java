package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.evidencepipeline.collector.CollectorConfig;
import org.evidencepipeline.collector.collection.CollectionRegistry;
import org.evidencepipeline.collector.collection.CollectionsFile;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.messaging.crashguard.Admission;
import org.evidencepipeline.messaging.crashguard.CrashGuardConfig;
import org.evidencepipeline.messaging.crashguard.KeyedCrashGuard;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Loads the collections file and cursors at start-up, then polls every source on its own interval.
 * Jobs follow the registry: adding or removing a collection through the API reschedules its sources.
 */
@ApplicationScoped
public class CollectionScheduler {
    private static final Logger LOG = Logger.getLogger(CollectionScheduler.class);
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    @Inject
    CollectorConfig config;
    @Inject
    CollectionRegistry registry;
    @Inject
    CursorStore cursors;
    @Inject
    SourceRunner runner;
    @Inject
    SourceStatusBoard board;
    @Inject
    Scheduler scheduler;

    @Inject
    CrashGuardConfig crashGuard;

    @Inject
    MeterRegistry metrics;

    private final Set<String> scheduled = new HashSet<>();
    private KeyedCrashGuard pollGuard;
    private PollSlots slots;

    void onStart(@Observes StartupEvent event) {
        slots = new PollSlots(config.maxConcurrentPolls());
        Gauge.builder("collector.polls.running", slots, PollSlots::running)
                .description("sources being polled now (at most collector.max-concurrent-polls)").register(metrics);
        Gauge.builder("collector.polls.waiting", slots, PollSlots::waiting)
                .description("sources due and waiting for a poll slot").register(metrics);
        pollGuard = crashGuard.enabled() ? new KeyedCrashGuard(crashGuard.dir(), crashGuard.maxCrashes(), Clock.systemUTC()) : null;
        cursors.load();
        config.collectionsFile().ifPresent(file -> {
            registry.putAll(new CollectionsFile().read(Path.of(file), registry.validator()));
            LOG.infof("loaded %d collections from %s", registry.all().size(), file);
        });
        registry.onChange(r -> reschedule());
        reschedule();
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (scheduled) {
            scheduled.forEach(scheduler::unscheduleJob);
            scheduled.clear();
        }
    }

    /**
     * Polls one source now, on the caller's thread, as asked for by an operator: this also lifts a quarantine for
     * crashing the collector. Returns false if no collection watches it.
     */
    public boolean pollNow(String sourceId) throws InterruptedException {
        if (pollGuard != null && registry.sources().containsKey(sourceId)) {
            pollGuard.release(sourceId);
        }
        return poll(sourceId);
    }

    /**
     * The poll is the collector's record in hand (pipeline.crash-guard.*): a source whose poll was in hand when the
     * process died twice is quarantined, failing with "crashed the collector", instead of polled again.
     */
    private boolean poll(String sourceId) throws InterruptedException {
        if (!registry.sources().containsKey(sourceId)) {
            return false;
        }
        // The crash guard's marker is written only once the poll has its slot: a source waiting for one is not blamed
        // if the process dies meanwhile.
        return slots.run(() -> pollInSlot(sourceId));
    }

    private boolean pollInSlot(String sourceId) throws InterruptedException {
        var source = registry.sources().get(sourceId);
        if (source == null) {
            return false; // removed while it waited
        }
        if (pollGuard != null && pollGuard.admit(sourceId) instanceof Admission.DeadLetter q) {
            board.failed(sourceId, "quarantined", "crashed the collector " + q.crashes() + " times (first at " + q.firstCrash()
                    + "); not polled until POST /collections/{id}/poll asks for it");
            return true;
        }
        boolean ended = false;
        try {
            runner.run(source);
            ended = true;
        } catch (RuntimeException e) {
            ended = true;
            LOG.errorf(e, "source %s: poll failed", sourceId);
            board.failed(sourceId, "error", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            ended = true;
            throw e;
        } finally {
            // An Error (OutOfMemoryError) leaves the marker: the poll counts as a crash at the next start.
            if (ended && pollGuard != null) {
                pollGuard.settled(sourceId);
            }
        }
        return true;
    }

    private void reschedule() {
        var sources = registry.sources();
        synchronized (scheduled) {
            for (String id : Set.copyOf(scheduled)) {
                scheduler.unscheduleJob(id);
                scheduled.remove(id);
            }
            sources.forEach((id, source) -> board.register(id));
            if (!config.schedulerEnabled()) {
                return;
            }
            sources.forEach((id, source) -> {
                Duration every = source.spec().interval() == null ? DEFAULT_INTERVAL : source.spec().interval();
                scheduler.newJob(id)
                        .setInterval(every.toString())
                        .setDelayed(config.initialDelay().toString())
                        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                        .setTask(execution -> {
                            try {
                                poll(id);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        })
                        .schedule();
                scheduled.add(id);
            });
        }
        LOG.infof("polling %d sources", sources.size());
    }
}
