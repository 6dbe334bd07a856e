package org.evidencepipeline.charttests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Metric names as docs/metrics.md lists them, as PromQL uses them and as the services register them. */
final class Metrics {
    static final Path DOC = Chart.REPO.resolve("docs/metrics.md");
    static final List<String> TIMER_SERIES = List.of("_count", "_sum", "_max", "_bucket");

    /** One documented metric: its Prometheus name, its type column and whether it is listed under "From libraries". */
    record Documented(String name, String type, boolean fromLibraries) {
    }

    /** One metric registered in a service's code: the Micrometer name, its meter type and where. */
    record Registered(String micrometerName, String type, Path file) {
        /** The Prometheus name: dots to underscores; counters end in _total, timers are in seconds. */
        String prometheusName() {
            String base = micrometerName.replace('.', '_').replace('-', '_');
            switch (type) {
                case "counter":
                    return base.endsWith("_total") ? base : base + "_total";
                case "timer":
                    return base.endsWith("_seconds") ? base : base + "_seconds";
                default:
                    return base;
            }
        }
    }

    private static final Pattern DOC_ROW = Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|");
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Gauge|Timer|DistributionSummary|FunctionCounter|FunctionTimer|LongTaskTimer)\\.builder\\(\\s*\"([^\"]+)\"");
    private static final Pattern REGISTRY_CALL = Pattern.compile("\\b(counter|timer|gauge|summary)\\(\\s*\"([^\"]+)\"");
    private static final Pattern ANNOTATION = Pattern.compile("@(Counted|Timed)\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"");

    private Metrics() {
    }

    static List<Documented> documented() {
        List<Documented> out = new ArrayList<>();
        boolean libraries = false;
        boolean inMetrics = false;
        for (String line : lines(DOC)) {
            if (line.startsWith("## ")) {
                inMetrics = line.startsWith("## Application metrics") || line.startsWith("## From libraries");
                libraries = line.startsWith("## From libraries");
            }
            Matcher m = DOC_ROW.matcher(line);
            if (inMetrics && m.find()) {
                out.add(new Documented(m.group(1), m.group(2), libraries));
            }
        }
        return out;
    }

    /**
     * Names the services' main code registers, scanned from collector/enricher/storer/capturer src/main, and from the
     * shared archive and messaging modules whose meters those services bind (archive_s3_requests_total,
     * pipeline_relay_in_flight).
     */
    static List<Registered> registered() {
        List<Registered> out = new ArrayList<>();
        for (String service : List.of("collector", "enricher", "storer", "capturer", "archive", "messaging")) {
            Path root = Chart.REPO.resolve(service).resolve("src/main");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".kt")).collect(Collectors.toList())) {
                    String text = Files.readString(f);
                    collect(BUILDER.matcher(text), f, out, Map.of("Counter", "counter", "FunctionCounter", "counter", "Gauge", "gauge",
                            "Timer", "timer", "FunctionTimer", "timer", "LongTaskTimer", "timer", "DistributionSummary", "summary"));
                    collect(REGISTRY_CALL.matcher(text), f, out, Map.of("counter", "counter", "timer", "timer", "gauge", "gauge", "summary", "summary"));
                    collect(ANNOTATION.matcher(text), f, out, Map.of("Counted", "counter", "Timed", "timer"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void collect(Matcher m, Path file, List<Registered> out, Map<String, String> types) {
        while (m.find()) {
            out.add(new Registered(m.group(2), types.get(m.group(1)), file));
        }
    }

    static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");

    /** Metric names a PromQL expression selects (functions, labels, strings, ranges and keywords removed). */
    static Set<String> metricNames(String expr) {
        String s = expr
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
                .replaceAll("'(\\\\.|[^'\\\\])*'", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()").matcher(s);
        while (m.find()) {
            String word = m.group(1);
            if (!PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** True when brackets, braces and parentheses nest properly outside string literals. */
    static boolean balanced(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "").replaceAll("'(\\\\.|[^'\\\\])*'", "");
        java.util.ArrayDeque<Character> stack = new java.util.ArrayDeque<>();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == '[' || c == '{') {
                stack.push(c);
            } else if (c == ')' || c == ']' || c == '}') {
                if (stack.isEmpty()) {
                    return false;
                }
                char open = stack.pop();
                if ((c == ')' && open != '(') || (c == ']' && open != '[') || (c == '}' && open != '{')) {
                    return false;
                }
            }
        }
        return stack.isEmpty();
    }

    /** Whether a name used in a query is documented: exactly, or as a series of a documented timer. */
    static boolean isDocumented(String used, List<Documented> docs) {
        for (Documented d : docs) {
            if (d.name().equals(used)) {
                return true;
            }
            if (d.type().equals("timer") && TIMER_SERIES.stream().anyMatch(suffix -> used.equals(d.name() + suffix))) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Set<String>> byName(List<Registered> registered) {
        Map<String, Set<String>> out = new TreeMap<>();
        registered.forEach(r -> out.computeIfAbsent(r.prometheusName(), k -> new TreeSet<>()).add(r.type()));
        return out;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
