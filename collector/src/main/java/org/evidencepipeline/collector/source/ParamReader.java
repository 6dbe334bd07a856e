package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.collection.SourceSpec;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a source's adapter parameters and collects every problem rather than stopping at the first, so a
 * researcher fixing a YAML file sees all of them at once. Unknown names are problems too: a misspelt
 * {@code subredit:} must not leave a source silently unconfigured.
 */
public final class ParamReader {
    private final SourceSpec spec;
    private final List<String> problems = new ArrayList<>();

    public ParamReader(SourceSpec spec, Set<String> known) {
        this.spec = spec;
        for (String name : new TreeSet<>(spec.params().keySet())) {
            if (!known.contains(name)) {
                problems.add("param '" + name + "' is not one of " + new TreeSet<>(known));
            }
        }
    }

    /** A value that must be present and not blank. */
    public String required(String name, String why) {
        String v = optional(name);
        if (v == null) {
            problems.add("param '" + name + "' is required " + why);
        }
        return v;
    }

    /** The trimmed value, or null when absent or blank. */
    public String optional(String name) {
        String v = spec.param(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String v = optional(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("param '" + name + "' must be a whole number from " + min + " to " + max + " but was '" + v + "'");
        return defaultValue;
    }

    public boolean bool(String name, boolean defaultValue) {
        String v = optional(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add("param '" + name + "' must be true or false but was '" + v + "'");
        return defaultValue;
    }

    public String oneOf(String name, String defaultValue, Set<String> allowed) {
        String v = optional(name);
        if (v == null) {
            return defaultValue;
        }
        if (!allowed.contains(v)) {
            problems.add("param '" + name + "' must be one of " + new TreeSet<>(allowed) + " but was '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** A comma-separated list, items trimmed, blanks dropped; empty when absent. */
    public List<String> list(String name) {
        String v = optional(name);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * For API sources the {@code url} is the site the API paths are appended to, so a page address pasted
     * from a browser ({@code https://www.reddit.com/r/kharkiv}) is refused rather than polled as a 404.
     */
    public void urlIsSiteRoot(String example) {
        try {
            String path = URI.create(spec.url()).getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                problems.add("url '" + spec.url() + "' must be the site itself, like " + example + ", without a path");
            }
        } catch (IllegalArgumentException | NullPointerException notAUrl) {
            // the collection validator reports URLs that are not URLs
        }
    }

    /** Records a problem found by the adapter's own cross-field checks. */
    public void problem(String problem) {
        problems.add(problem);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** For poll time: a source that slipped past validation fails with every problem named. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(spec.type() + " source '" + spec.id() + "': " + String.join("; ", problems));
        }
    }
}
