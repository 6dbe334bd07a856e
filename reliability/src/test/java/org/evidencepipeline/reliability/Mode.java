package org.evidencepipeline.reliability;

import java.util.Map;

/**
 * CI runs (the default) and the {@code reliability-full} profile ({@code -Dreliability.full=true}). They differ
 * in size and in one setting: in CI the enricher's and storer's consumers use a 10 s Kafka session timeout, so a
 * killed consumer's partitions go to its restarted successor after about 10 s; the full run keeps the services'
 * defaults (45 s) and measures what a deployment sees.
 */
public final class Mode {
    private Mode() {
    }

    public static boolean full() {
        return Boolean.getBoolean("reliability.full");
    }

    /** Posts per generated feed. */
    public static int posts() {
        return full() ? 300 : 120;
    }

    public static String describe() {
        return full() ? "full run (service defaults, " + posts() + " posts per feed)"
                : "CI run (consumer session timeout 10 s, " + posts() + " posts per feed)";
    }

    /** Settings per service for this mode, on top of the services' own defaults. */
    public static Map<String, Map<String, String>> serviceProperties() {
        if (full()) {
            return Map.of();
        }
        return Map.of(
                "enricher", Map.of("mp.messaging.incoming.posts-collected.session.timeout.ms", "10000"),
                "storer", Map.of("mp.messaging.incoming.posts-enriched.session.timeout.ms", "10000"));
    }

    /** {@code base} with this mode's settings added (the caller's win). */
    public static Map<String, Map<String, String>> with(Map<String, Map<String, String>> base) {
        Map<String, Map<String, String>> out = new java.util.HashMap<>();
        serviceProperties().forEach((service, props) -> out.put(service, new java.util.HashMap<>(props)));
        base.forEach((service, props) -> out.computeIfAbsent(service, s -> new java.util.HashMap<>()).putAll(props));
        return out;
    }
}
