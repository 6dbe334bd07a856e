package org.evidencepipeline.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Watches each service process, one thread per service: when a process exits without being asked to, it says so
 * (service, exit code, log file and its last lines), restarts it after a back-off, and gives up on it once it needed
 * more restarts within the window than the {@link RestartPolicy} allows. After {@link #stop()} an exit is an
 * expected part of shutting down and is neither reported nor restarted.
 */
public final class ServiceSupervisor implements AutoCloseable {
    /** Where the supervised processes come from. */
    public interface Services {
        /** The service's current process. */
        ServiceProcess current(String name);

        /** Starts a fresh process of the service, makes it current, and waits until it is up; throws if it is not. */
        ServiceProcess relaunch(String name);
    }

    /**
     * A Ctrl-C reaches the whole process group, so the services may exit a moment before our shutdown hook runs;
     * wait this long before calling an exit unexpected.
     */
    static final Duration SETTLE = Duration.ofMillis(300);
    private static final int LOG_LINES = 8;

    private final List<String> names;
    private final Services services;
    private final RestartPolicy policy;
    private final Consumer<ServiceEvent> events;
    private final Map<String, ServiceState> states = new ConcurrentHashMap<>();
    private final AtomicReference<ServiceEvent.GaveUp> gaveUp = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<Thread> watchers = new ArrayList<>();
    private volatile boolean stopping;

    public ServiceSupervisor(List<String> names, Services services, RestartPolicy policy, Consumer<ServiceEvent> events) {
        this.names = List.copyOf(names);
        this.services = services;
        this.policy = policy;
        this.events = events;
        this.names.forEach(n -> states.put(n, new ServiceState.Up()));
    }

    public synchronized void start() {
        if (!watchers.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        for (String name : names) {
            Thread t = new Thread(() -> watch(name), "supervise-" + name);
            t.setDaemon(true);
            watchers.add(t);
            t.start();
        }
    }

    /** Each service's state, in the order given. */
    public Map<String, ServiceState> states() {
        Map<String, ServiceState> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, states.get(n)));
        return out;
    }

    /** "" while every service is up, else what is down, e.g. {@code storer DOWN (exit 137), restarting 1/5}. */
    public String downSummary() {
        List<String> down = new ArrayList<>();
        states().forEach((n, s) -> {
            if (!(s instanceof ServiceState.Up)) {
                down.add(ServiceState.describe(n, s));
            }
        });
        return String.join(", ", down);
    }

    /** The service given up on, if any. */
    public Optional<ServiceEvent.GaveUp> gaveUp() {
        return Optional.ofNullable(gaveUp.get());
    }

    /** Waits up to {@code timeout} for a service to be given up on. */
    public Optional<ServiceEvent.GaveUp> awaitGiveUp(Duration timeout) throws InterruptedException {
        ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return gaveUp();
    }

    private void watch(String name) {
        Deque<Long> restarts = new ArrayDeque<>();
        while (!stopping) {
            ServiceProcess process = services.current(name);
            int code;
            try {
                code = process.awaitExit();
                Thread.sleep(SETTLE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            events.accept(new ServiceEvent.Exited(name, code, process.log(), process.lastLogLines(LOG_LINES)));
            long now = System.nanoTime();
            while (!restarts.isEmpty() && now - restarts.peekFirst() > policy.window().toNanos()) {
                restarts.removeFirst();
            }
            if (restarts.size() >= policy.maxRestarts()) {
                ServiceEvent.GaveUp g = new ServiceEvent.GaveUp(name, restarts.size(), policy.window(), code, process.log());
                states.put(name, new ServiceState.GaveUp(restarts.size(), code));
                if (gaveUp.compareAndSet(null, g)) {
                    events.accept(g);
                    ended.countDown();
                } else {
                    events.accept(g);
                }
                return;
            }
            int attempt = restarts.size() + 1;
            restarts.addLast(now);
            Duration delay = policy.delayBefore(attempt);
            states.put(name, new ServiceState.Restarting(attempt, policy.maxRestarts(), code));
            events.accept(new ServiceEvent.Restarting(name, attempt, policy.maxRestarts(), delay));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            try {
                ServiceProcess fresh = services.relaunch(name);
                states.put(name, new ServiceState.Up());
                events.accept(new ServiceEvent.Restarted(name, attempt, fresh.pid(), fresh.url()));
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                // The next loop sees the fresh process exit (or, if it never started, the old one) and counts a try.
                events.accept(new ServiceEvent.RestartFailed(name, attempt, String.valueOf(e.getMessage())));
                if (services.current(name).isAlive()) {
                    services.current(name).stop(Duration.ofSeconds(5));
                }
            }
        }
    }

    /** No more restarts; exits from now on are expected. Waits (bounded) until no restart is in flight. */
    public void stop() {
        stopping = true;
        List<Thread> threads;
        synchronized (this) {
            threads = List.copyOf(watchers);
        }
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ended.countDown();
    }

    public boolean stopping() {
        return stopping;
    }

    @Override
    public void close() {
        stop();
    }
}
