package org.evidencepipeline.enricher.language;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How far the best language must be ahead of the runner-up before it is a tag rather than {@code und}: one
 * default, and a margin of its own for each pair of languages that the measurements show to be confusable
 * (keys {@code a-b}, either order).
 */
public record Margins(double fallback, Map<String, Double> pairs) {
    public Margins {
        if (fallback < 0 || fallback > 1) {
            throw new IllegalArgumentException("enricher.language.min-margin must be in [0,1] but was " + fallback);
        }
        Map<String, Double> normalised = new HashMap<>();
        pairs.forEach((key, margin) -> {
            String[] codes = key.toLowerCase(Locale.ROOT).split("-");
            if (codes.length != 2 || codes[0].isBlank() || codes[1].isBlank() || margin < 0 || margin > 1) {
                throw new IllegalArgumentException("enricher.language.pair-margins." + key + "=" + margin
                        + ": a key is two ISO 639-1 codes joined by '-' and a margin is in [0,1]");
            }
            normalised.put(key(codes[0], codes[1]), margin);
        });
        pairs = Map.copyOf(normalised);
    }

    public static Margins of(double fallback) {
        return new Margins(fallback, Map.of());
    }

    /** The margin required when {@code best} leads {@code runnerUp} (null: no rival). */
    public double required(String best, String runnerUp) {
        return runnerUp == null ? fallback : pairs.getOrDefault(key(best, runnerUp), fallback);
    }

    private static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
    }
}
