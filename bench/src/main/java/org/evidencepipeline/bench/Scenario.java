package org.evidencepipeline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pipeline run: corpus size and shape, offered load (a backlog released at once, or a fixed rate),
 * enricher/storer instances, the -D settings given to each service on top of its application.properties, and JVM
 * options after the local runtime's own ({@code ServiceProcess.JVM_OPTIONS}; empty for most runs).
 */
record Scenario(String name, int posts, double imageShare, int instances, int pacedRate, String settingsName,
                Map<String, Map<String, String>> settings, boolean raw, Map<String, List<String>> jvm) {

    Scenario(String name, int posts, double imageShare, int instances, int pacedRate, String settingsName,
             Map<String, Map<String, String>> settings, boolean raw) {
        this(name, posts, imageShare, instances, pacedRate, settingsName, settings, raw, Map.of());
    }

    List<String> jvm(String service) {
        return jvm.getOrDefault(service, List.of());
    }

    /**
     * The JVM as the services ran it before #17's memory work, for a comparison in the same invocation: the tiered JIT
     * (C2), the heap committed at -Xmx from the start with the default free ratios, and the JDK's unbounded cache of
     * temporary direct buffers. (MALLOC_ARENA_MAX stays 2: the environment cannot unset it.)
     */
    static Map<String, List<String>> previousJvm(Map<String, String> heaps) {
        Map<String, List<String>> jvm = new LinkedHashMap<>();
        heaps.forEach((service, heap) -> jvm.put(service, List.of("-XX:TieredStopAtLevel=4", "-Xms" + heap,
                "-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70", "-Djdk.nio.maxCachedBufferSize=" + Integer.MAX_VALUE)));
        return jvm;
    }

    boolean paced() {
        return pacedRate > 0;
    }

    Map<String, String> extra(String service) {
        return settings.getOrDefault(service, Map.of());
    }

    /** What every run needs: all corpus feeds are on one loopback host, so per-host spacing is turned off. */
    static Map<String, Map<String, String>> defaults() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put("collector", Map.of("collector.http.min-interval-per-host", "0s"));
        return s;
    }

    /**
     * The shipped settings before the bottleneck fixes, as far as configuration can bring them back: one record
     * in flight per enricher and storer consumer and the Kafka client's 5 ms linger. (The collector's pipelined
     * publishing is code and stays.) Measures what the new defaults gained on the same machine in the same run.
     */
    static Map<String, Map<String, String>> oneInFlight() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put("collector", Map.of("collector.http.min-interval-per-host", "0s",
                "mp.messaging.outgoing.posts-collected.linger.ms", "5"));
        s.put("enricher", Map.of("mp.messaging.incoming.posts-collected.concurrency", "1",
                "pipeline.relay.await-outputs", "true",
                "mp.messaging.outgoing.posts-enriched.linger.ms", "5",
                "mp.messaging.outgoing.topic-feeds.linger.ms", "5"));
        s.put("storer", Map.of("mp.messaging.incoming.posts-enriched.concurrency", "1",
                "pipeline.relay.await-outputs", "true",
                "mp.messaging.outgoing.posts-archived.linger.ms", "5",
                "mp.messaging.outgoing.ledger-entries.linger.ms", "5"));
        return s;
    }

    /**
     * The settings before the relay (#17): each enricher and storer record waits for its outputs' acknowledgement
     * before the next, with no lingering. Measures what the relay's pipelined outputs gained, in the same run.
     */
    static Map<String, Map<String, String>> awaitedOutputs() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put("collector", Map.of("collector.http.min-interval-per-host", "0s"));
        s.put("enricher", Map.of("pipeline.relay.await-outputs", "true",
                "mp.messaging.outgoing.posts-enriched.linger.ms", "0",
                "mp.messaging.outgoing.topic-feeds.linger.ms", "0"));
        s.put("storer", Map.of("pipeline.relay.await-outputs", "true",
                "mp.messaging.outgoing.posts-archived.linger.ms", "0",
                "mp.messaging.outgoing.ledger-entries.linger.ms", "0"));
        return s;
    }

    static String describe(Map<String, Map<String, String>> settings) {
        StringBuilder b = new StringBuilder();
        settings.forEach((service, props) -> props.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(service).append(": `").append(k).append('=').append(v).append('`');
        }));
        return b.toString();
    }
}
