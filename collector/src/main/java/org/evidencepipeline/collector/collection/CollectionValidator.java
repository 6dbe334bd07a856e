package org.evidencepipeline.collector.collection;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks collections before they are used and says, per field, what is wrong, so a researcher with a
 * typo in a YAML file or a REST request gets a precise answer instead of a silent gap in the archive.
 */
public final class CollectionValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final Set<String> knownTypes;
    private final Map<String, Function<SourceSpec, List<String>>> paramChecks;

    public CollectionValidator(Set<String> knownTypes) {
        this(knownTypes, Map.of());
    }

    /** With each adapter type's own check of {@link SourceSpec#params()}, so a bad source is refused when declared. */
    public CollectionValidator(Set<String> knownTypes, Map<String, Function<SourceSpec, List<String>>> paramChecks) {
        this.knownTypes = Set.copyOf(knownTypes);
        this.paramChecks = Map.copyOf(paramChecks);
    }

    /** Problems of one collection, empty when it is valid. */
    public List<String> problems(Collection c) {
        List<String> problems = new ArrayList<>();
        if (c.id() == null || !ID.matcher(c.id()).matches()) {
            problems.add("id '" + c.id() + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        String where = "collection '" + c.id() + "'";
        if (c.sources().isEmpty()) {
            problems.add(where + ": needs at least one source");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < c.sources().size(); i++) {
            SourceSpec s = c.sources().get(i);
            String at = where + " sources[" + i + "]";
            if (s.id() == null || !ID.matcher(s.id()).matches()) {
                problems.add(at + ": id '" + s.id() + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'");
            } else if (!ids.add(s.id())) {
                problems.add(at + ": id '" + s.id() + "' is used twice");
            }
            if (s.type() == null || !knownTypes.contains(s.type())) {
                problems.add(at + ": type '" + s.type() + "' is not one of " + new java.util.TreeSet<>(knownTypes));
            } else if (paramChecks.containsKey(s.type())) {
                paramChecks.get(s.type()).apply(s).forEach(p -> problems.add(at + ": " + p));
            }
            if (s.url() == null || !isWebUrl(s.url())) {
                problems.add(at + ": url '" + s.url() + "' must be an absolute http(s) URL (ws(s) for streaming sources)");
            }
            if (s.interval() != null && s.interval().compareTo(MIN_INTERVAL) < 0) {
                problems.add(at + ": interval " + s.interval() + " is shorter than " + MIN_INTERVAL);
            }
        }
        if (c.capture().hostPagesPerMinute() < 1) {
            problems.add(where + ": capture.host-pages-per-minute " + c.capture().hostPagesPerMinute()
                    + " must be at least 1 (set capture.pages: false to capture no pages)");
        }
        for (String k : c.keywords()) {
            if (k == null || k.isBlank()) {
                problems.add(where + ": keywords must not be blank");
            }
        }
        return problems;
    }

    /**
     * Problems across collections: each must be valid on its own, ids unique, and a source id shared by
     * two collections must mean the same source (same type and URL), since it is fetched once for both.
     */
    public List<String> problems(List<Collection> collections) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, SourceSpec> sources = new HashMap<>();
        for (Collection c : collections) {
            problems.addAll(problems(c));
            if (c.id() != null && !ids.add(c.id())) {
                problems.add("collection id '" + c.id() + "' is declared twice");
            }
            for (SourceSpec s : c.sources()) {
                if (s.id() == null) {
                    continue;
                }
                SourceSpec before = sources.putIfAbsent(s.id(), s);
                if (before != null && !(before.url().equals(s.url()) && before.type().equals(s.type()))) {
                    problems.add("source id '" + s.id() + "' names two different sources (" + before.url() + " and " + s.url() + ")");
                }
            }
        }
        return problems;
    }

    /** http(s), or ws(s) for streaming sources such as Jetstream; each adapter narrows it in paramProblems. */
    private static boolean isWebUrl(String url) {
        try {
            URI u = URI.create(url);
            return java.util.Set.of("http", "https", "ws", "wss").contains(u.getScheme()) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
