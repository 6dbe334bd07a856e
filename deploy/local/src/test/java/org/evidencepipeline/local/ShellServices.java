package org.evidencepipeline.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real child processes for the supervisor's tests: each launch runs {@code sh -c script} afresh, logging to one
 * file per service, and every process ever started is kept so a test can stop them all.
 */
final class ShellServices implements ServiceSupervisor.Services, AutoCloseable {
    private final Path dir;
    private final Map<String, String> scripts;
    private final Map<String, ServiceProcess> current = new ConcurrentHashMap<>();
    final List<ServiceProcess> launched = new CopyOnWriteArrayList<>();
    final List<Long> launchedAtNanos = new CopyOnWriteArrayList<>();

    ShellServices(Path dir, Map<String, String> scripts) {
        this.dir = dir;
        this.scripts = Map.copyOf(scripts);
        scripts.keySet().forEach(this::relaunch);
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    @Override
    public ServiceProcess current(String name) {
        return current.get(name);
    }

    @Override
    public ServiceProcess relaunch(String name) {
        ServiceProcess p = ServiceProcess.ofCommand(name, List.of("sh", "-c", scripts.get(name)),
                Map.of("MARKER_DIR", dir.toString()), log(name));
        current.put(name, p);
        launchedAtNanos.add(System.nanoTime());
        p.start();
        launched.add(p);
        p.awaitStarted(java.time.Duration.ofSeconds(5));
        return p;
    }

    long launches(String name) {
        return launched.stream().filter(p -> p.name().equals(name)).count();
    }

    @Override
    public void close() {
        for (ServiceProcess p : new ArrayList<>(launched)) {
            p.kill();
        }
    }
}
