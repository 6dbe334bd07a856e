package org.evidencepipeline.collector.run;

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
import org.jboss.logging.Logger;

import java.nio.file.Path;
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

    private final Set<String> scheduled = new HashSet<>();

    void onStart(@Observes StartupEvent event) {
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

    /** Polls one source now, on the caller's thread. Returns false if no collection watches it. */
    public boolean pollNow(String sourceId) throws InterruptedException {
        var source = registry.sources().get(sourceId);
        if (source == null) {
            return false;
        }
        try {
            runner.run(source);
        } catch (RuntimeException e) {
            LOG.errorf(e, "source %s: poll failed", sourceId);
            board.failed(sourceId, "error", String.valueOf(e.getMessage()));
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
                                pollNow(id);
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
