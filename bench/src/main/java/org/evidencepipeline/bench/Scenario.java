package org.evidencepipeline.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pipeline run: corpus size and shape, offered load (a backlog released at once, or a fixed rate),
 * enricher/storer instances, and the -D settings given to each service on top of its application.properties.
 */
record Scenario(String name, int posts, double imageShare, int instances, int pacedRate, String settingsName,
                Map<String, Map<String, String>> settings, boolean raw) {

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

    /** Settings measured as improvements; each is a -D property, no code change. */
    static Map<String, Map<String, String>> tuned() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put("collector", Map.of("collector.http.min-interval-per-host", "0s",
                "mp.messaging.outgoing.posts-collected.linger.ms", "0"));
        s.put("enricher", Map.of("mp.messaging.incoming.posts-collected.concurrency", "3",
                "mp.messaging.outgoing.posts-enriched.linger.ms", "0",
                "mp.messaging.outgoing.topic-feeds.linger.ms", "0"));
        s.put("storer", Map.of("mp.messaging.incoming.posts-enriched.concurrency", "3",
                "mp.messaging.outgoing.posts-archived.linger.ms", "0"));
        return s;
    }

    /**
     * The tuned settings with the OpenTelemetry SDK switched off. Not a recommendation (trace ids then no
     * longer reach provenance records): it measures what tracing costs, because LocalPipeline's
     * {@code quarkus.otel.traces.exporter=none} is build-time fixed and ignored by the built services.
     */
    static Map<String, Map<String, String>> tunedWithoutTracing() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        tuned().forEach((service, props) -> {
            Map<String, String> p = new LinkedHashMap<>(props);
            p.put("quarkus.otel.sdk.disabled", "true");
            s.put(service, p);
        });
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
