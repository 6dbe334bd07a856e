package org.evidencepipeline.reliability;

import java.util.Map;

/**
 * CI runs (the default) and the {@code reliability-full} profile ({@code -Dreliability.full=true}). They differ
 * in size only: both run the services with their shipped settings (among them the enricher's and storer's 10 s
 * Kafka session timeout, so a killed consumer's partitions go to its restarted successor after about 10 s).
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
                : "CI run (service defaults, " + posts() + " posts per feed)";
    }

    /** Settings per service for this mode, on top of the services' own defaults: none, in either mode. */
    public static Map<String, Map<String, String>> serviceProperties() {
        return Map.of();
    }

    /** {@code base} with this mode's settings added (the caller's win). */
    public static Map<String, Map<String, String>> with(Map<String, Map<String, String>> base) {
        Map<String, Map<String, String>> out = new java.util.HashMap<>();
        serviceProperties().forEach((service, props) -> out.put(service, new java.util.HashMap<>(props)));
        base.forEach((service, props) -> out.computeIfAbsent(service, s -> new java.util.HashMap<>()).putAll(props));
        return out;
    }
}
