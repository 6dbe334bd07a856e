package org.evidencepipeline.enricher.feeds;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the SSE streams' Kafka consumers, off the HTTP event loop (a consumer's poll blocks).
 * How many run at once is bounded by {@link StreamSlots}; at shutdown every reader is interrupted.
 */
@ApplicationScoped
public class FeedStreamReaders {
    static final String THREAD_PREFIX = "feed-stream-";

    private final AtomicInteger count = new AtomicInteger();
    /** A thread per open stream; an idle one ends after a second, so a closed stream leaves no thread behind. */
    private final ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
            new SynchronousQueue<>(), threads());

    public void run(Runnable reader) {
        executor.execute(reader);
    }

    private ThreadFactory threads() {
        return r -> {
            Thread t = new Thread(r, THREAD_PREFIX + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
