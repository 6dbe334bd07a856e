package org.evidencepipeline.enricher.bench;

import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.enricher.language.DetectionText;
import org.evidencepipeline.enricher.language.LanguageTagger;
import org.evidencepipeline.enricher.language.Margins;
import org.evidencepipeline.enricher.pipeline.Enricher;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Language accuracy, memory and throughput benchmark of the enricher. Not a test: run it with
 * {@code ./mvnw -pl enricher -am -Pbench -DskipTests verify} (see BENCHMARKS.md).
 *
 * <p>Tags every text of the public sets (UDHR, Debian translation catalogues; see {@link LanguageSets}) and of
 * the project's own set with the enricher's shipped rules (the main {@code application.properties}; any
 * {@code enricher.language.*} system property overrides them, for experiments), and prints a Markdown report:
 * per set and split, per language right / und / wrong and the wrong tags; languages the tagger does not know and
 * how often they were tagged uk, ru or be; the goal figures; short texts by word count; which stage decided;
 * the held-out misses; throughput; the heap of the models, and of other configurations (each in a child JVM).
 *
 * <p>System properties: {@code bench.passes} (measured throughput passes, default 10), {@code bench.warmup}
 * (default 3; 0 passes skips throughput), {@code bench.options} (false skips the child-JVM heap probes),
 * {@code bench.dump} (a file to write every outcome to as TSV, for choosing margins on the tune half).
 */
public final class LanguageBenchmark {
    private static final String UND = LanguageTag.UNDETERMINED;
    private static final String PREFIX = "enricher.language.";
    private static final Set<String> TRIO = Set.of("uk", "ru", "be");
    private static final List<String> GOAL_RIGHT = List.of("uk", "ru", "be", "en", "ar");

    /** Results kept alive so the JIT cannot drop the work being timed. */
    private static volatile long blackhole;

    record Outcome(LanguageSets.Text text, LanguageTag tag, int words) {
        boolean right() {
            return tag.code().equals(text.expected());
        }

        boolean und() {
            return UND.equals(tag.code());
        }

        boolean wrong() {
            return !und() && !right();
        }
    }

    private LanguageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/language-benchmark.md");
        Properties config = defaults();
        List<String> codes = list(setting(config, "codes"));
        List<String> precise = list(setting(config, "precise"));
        LanguageTagger.Rules rules = rules(config);

        long heapBefore = usedAfterGc();
        long t0 = System.nanoTime();
        LanguageTagger tagger = new LanguageTagger(codes, precise, rules);
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        long modelHeap = usedAfterGc() - heapBefore;

        Map<String, List<Outcome>> bySet = new LinkedHashMap<>();
        for (String set : List.of(LanguageSets.UDHR, LanguageSets.CATALOGUES)) {
            bySet.put(set, classify(tagger, LanguageSets.publicSet(set)));
        }
        bySet.put(LanguageSets.PROJECT, classify(tagger, LanguageSets.project()));
        List<Outcome> singles = classify(tagger, LanguageSets.singleWords());
        String dump = System.getProperty("bench.dump");
        if (dump != null) {
            dump(Path.of(dump), bySet);
        }

        StringBuilder md = new StringBuilder();
        md.append("### Run\n\n| | |\n|---|---|\n");
        row(md, "date (UTC)", DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)));
        row(md, "JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + mb(Runtime.getRuntime().maxMemory()));
        row(md, "available processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        row(md, "known languages (wide pass, low accuracy)", String.join(",", codes));
        row(md, "precise pass (high accuracy)", String.join(",", precise) + ", asked below a wide lead of " + rules.preciseWindow());
        row(md, "rules", "min-words " + rules.minWords() + ", min-margin " + rules.margins().fallback() + ", pair margins "
                + new TreeMap<>(rules.margins().pairs()) + ", hint-window " + rules.hintWindow() + " (no platform hint given)");
        row(md, "models", "loaded in " + loadMillis + " ms, " + mb(modelHeap) + " of heap after forced GCs");
        md.append('\n');

        md.append("### Goal figures on the held-out halves, texts of at least 5 words\n\n");
        goals(md, bySet, tagger.codes());

        for (String set : List.of(LanguageSets.UDHR, LanguageSets.CATALOGUES)) {
            for (String split : List.of(LanguageSets.HELD_OUT, LanguageSets.TUNE)) {
                md.append("\n### ").append(set).append(", ").append(split).append(" half, texts of at least 5 words\n\n");
                accuracy(md, select(bySet.get(set), split, 5, Integer.MAX_VALUE), tagger.codes());
            }
        }
        md.append("\n### Project set (written here; regression), texts of at least 5 words\n\n");
        accuracy(md, select(bySet.get(LanguageSets.PROJECT), null, 5, Integer.MAX_VALUE), tagger.codes());
        md.append("\n### Project set, all texts\n\n");
        accuracy(md, select(bySet.get(LanguageSets.PROJECT), null, 0, Integer.MAX_VALUE), tagger.codes());

        md.append("\n### Short texts: right / und / wrong by word count (both public sets, both halves)\n\n");
        shortTexts(md, bySet);
        md.append("\nProject single words and 2-word phrases: ").append(tally(singles)).append(".\n");

        md.append("\n### Which stage decided (all public texts of at least 5 words)\n\n");
        stages(md, bySet);

        md.append("\n### Held-out misses: wrong tags on known languages and uk/ru/be tags on unknown ones, at least 5 words\n\n");
        misses(md, bySet);

        if (Integer.getInteger("bench.passes", 10) > 0) {
            md.append("\n### Throughput, one calling thread\n\n");
            throughput(md, tagger, bySet);
        }

        if (!"false".equals(System.getProperty("bench.options"))) {
            md.append("\n### Heap and speed of other configurations (each in a fresh JVM)\n\n");
            options(md, codes, precise);
        }

        System.out.println(md);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, "## Enricher language benchmark\n\n" + md, StandardCharsets.UTF_8);
        System.out.println("(written to " + report.toAbsolutePath() + "; blackhole " + (blackhole & 1) + ")");
    }

    // ---------------------------------------------------------------- configuration

    public static LanguageTagger.Rules rules(Properties config) {
        Map<String, Double> pairs = new HashMap<>();
        Properties all = new Properties();
        all.putAll(config);
        all.putAll(System.getProperties());
        for (String name : all.stringPropertyNames()) {
            if (name.startsWith(PREFIX + "pair-margins.")) {
                pairs.put(name.substring((PREFIX + "pair-margins.").length()), Double.parseDouble(all.getProperty(name).strip()));
            }
        }
        return new LanguageTagger.Rules(Integer.parseInt(setting(config, "min-words")),
                new Margins(Double.parseDouble(setting(config, "min-margin")), pairs),
                Double.parseDouble(setting(config, "hint-window")), Double.parseDouble(setting(config, "precise-window")),
                Integer.parseInt(setting(config, "max-chars")));
    }

    /** The enricher's main application.properties (not a test one), so the benchmark uses the shipped defaults. */
    public static Properties defaults() throws IOException {
        Enumeration<URL> urls = LanguageBenchmark.class.getClassLoader().getResources("application.properties");
        URL chosen = null;
        while (urls.hasMoreElements()) {
            URL u = urls.nextElement();
            if (!u.toString().contains("test-classes") && (chosen == null || u.toString().contains("enricher"))) {
                chosen = u;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("the enricher's application.properties is not on the class path");
        }
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(chosen.openStream(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    public static String setting(Properties config, String name) {
        String value = System.getProperty(PREFIX + name, config.getProperty(PREFIX + name));
        if (value == null) {
            throw new IllegalStateException(PREFIX + name + " missing from application.properties");
        }
        return value.strip();
    }

    private static List<String> list(String csv) {
        return csv.isBlank() ? List.of() : Arrays.asList(csv.split("\\s*,\\s*"));
    }

    // ---------------------------------------------------------------- accuracy

    static List<Outcome> classify(LanguageTagger tagger, List<LanguageSets.Text> texts) {
        List<Outcome> out = new ArrayList<>();
        for (LanguageSets.Text t : texts) {
            out.add(new Outcome(t, tagger.tag(t.text(), null), DetectionText.words(DetectionText.of(t.text()))));
        }
        return out;
    }

    /** Every outcome as TSV (set, split, label, words, tag, runner-up, lead, detector): what the margins were tuned on. */
    private static void dump(Path file, Map<String, List<Outcome>> bySet) throws IOException {
        StringBuilder tsv = new StringBuilder("set\tsplit\tlabel\twords\ttag\trunner_up\tlead\tdetector\n");
        bySet.values().forEach(l -> l.forEach(o -> tsv.append(String.join("\t", o.text().set(), o.text().split(), o.text().label(),
                String.valueOf(o.words()), o.tag().code(), String.valueOf(o.tag().runnerUp()),
                String.format(Locale.ROOT, "%.4f", o.tag().confidence()), o.tag().detector())).append('\n')));
        Files.writeString(file, tsv, StandardCharsets.UTF_8);
    }

    private static List<Outcome> select(List<Outcome> outcomes, String split, int minWords, int maxWords) {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if ((split == null || o.text().split().equals(split)) && o.words() >= minWords && o.words() <= maxWords) {
                out.add(o);
            }
        }
        return out;
    }

    private static void goals(StringBuilder md, Map<String, List<Outcome>> bySet, Set<String> known) {
        md.append("| set | uk right / wrong | ru right / wrong | be right / wrong | en right | ar right | unknown languages tagged uk/ru/be | known non-routed languages tagged uk/ru/be |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (String set : List.of(LanguageSets.UDHR, LanguageSets.CATALOGUES)) {
            List<Outcome> held = select(bySet.get(set), LanguageSets.HELD_OUT, 5, Integer.MAX_VALUE);
            md.append("| ").append(set);
            for (String lang : GOAL_RIGHT) {
                List<Outcome> l = of(held, lang);
                long right = l.stream().filter(Outcome::right).count();
                long wrong = l.stream().filter(Outcome::wrong).count();
                md.append(" | ").append(pct(right, l.size()));
                if (TRIO.contains(lang)) {
                    md.append(" / ").append(pct(wrong, l.size()));
                }
            }
            List<Outcome> unknown = new ArrayList<>();
            List<Outcome> others = new ArrayList<>();
            for (Outcome o : held) {
                if (!known.contains(o.text().expected())) {
                    unknown.add(o);
                } else if (!TRIO.contains(o.text().expected()) && !GOAL_RIGHT.contains(o.text().expected())) {
                    others.add(o);
                }
            }
            md.append(" | ").append(pct(trio(unknown), unknown.size())).append(" | ").append(pct(trio(others), others.size())).append(" |\n");
        }
        md.append("\nGoals (#18): uk, ru and be right on at least 97 % with at most 0.5 % wrong; en and ar right on at least 97 %; "
                + "languages outside the routed set tagged uk, ru or be on at most 1 %.\n");
    }

    private static long trio(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> TRIO.contains(o.tag().code()) && !TRIO.contains(o.text().expected())).count();
    }

    private static void accuracy(StringBuilder md, List<Outcome> outcomes, Set<String> known) {
        md.append("| language | texts | right | und | wrong | tagged uk/ru/be (not being one) | wrong tags |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (String label : labels(outcomes)) {
            List<Outcome> l = ofLabel(outcomes, label);
            Map<String, Integer> wrongAs = new TreeMap<>();
            l.stream().filter(Outcome::wrong).forEach(o -> wrongAs.merge(o.tag().code(), 1, Integer::sum));
            StringBuilder w = new StringBuilder();
            wrongAs.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> w.append(w.length() == 0 ? "" : ", ").append(e.getKey()).append(" ×").append(e.getValue()));
            String name = known.contains(l.get(0).text().expected()) ? label : label + " (not known to the tagger)";
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", name, l.size(),
                    pct(l.stream().filter(Outcome::right).count(), l.size()), pct(l.stream().filter(Outcome::und).count(), l.size()),
                    pct(l.stream().filter(Outcome::wrong).count(), l.size()), pct(trio(l), l.size()), w.length() == 0 ? "—" : w));
        }
    }

    private static void shortTexts(StringBuilder md, Map<String, List<Outcome>> bySet) {
        int[][] buckets = {{1, 1}, {2, 2}, {3, 4}, {5, 9}, {10, Integer.MAX_VALUE}};
        md.append("| language |");
        for (int[] b : buckets) {
            md.append(b[1] == Integer.MAX_VALUE ? " " + b[0] + "+ words |" : b[0] == b[1] ? " " + b[0] + " word(s) |" : " " + b[0] + "–" + b[1] + " words |");
        }
        md.append("\n|---|---|---|---|---|---|\n");
        List<Outcome> all = new ArrayList<>(bySet.get(LanguageSets.UDHR));
        all.addAll(bySet.get(LanguageSets.CATALOGUES));
        for (String lang : List.of("uk", "ru", "be", "en", "ar", "bg", "kk")) {
            md.append("| ").append(lang).append(" |");
            for (int[] b : buckets) {
                md.append(' ').append(tally(of(select(all, null, b[0], b[1]), lang))).append(" |");
            }
            md.append('\n');
        }
        md.append("\nEach cell: right / und / wrong (texts). Texts below min-words are und by rule.\n");
    }

    private static String tally(List<Outcome> l) {
        if (l.isEmpty()) {
            return "—";
        }
        return String.format(Locale.ROOT, "%d / %d / %d (%d)", l.stream().filter(Outcome::right).count(),
                l.stream().filter(Outcome::und).count(), l.stream().filter(Outcome::wrong).count(), l.size());
    }

    private static void stages(StringBuilder md, Map<String, List<Outcome>> bySet) {
        Map<String, Integer> count = new TreeMap<>();
        int n = 0;
        for (String set : List.of(LanguageSets.UDHR, LanguageSets.CATALOGUES)) {
            for (Outcome o : select(bySet.get(set), null, 5, Integer.MAX_VALUE)) {
                count.merge(o.tag().detector() + (o.und() ? " → und" : " → tag"), 1, Integer::sum);
                n++;
            }
        }
        md.append("| stage | texts |\n|---|---:|\n");
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(pct(e.getValue(), n)).append(" |\n");
        }
    }

    private static void misses(StringBuilder md, Map<String, List<Outcome>> bySet) {
        for (String set : List.of(LanguageSets.UDHR, LanguageSets.CATALOGUES)) {
            md.append("**").append(set).append("**\n\n");
            int shown = 0;
            int total = 0;
            for (Outcome o : select(bySet.get(set), LanguageSets.HELD_OUT, 5, Integer.MAX_VALUE)) {
                boolean routedWrong = GOAL_RIGHT.contains(o.text().expected()) && o.wrong();
                boolean intoTrio = !TRIO.contains(o.text().expected()) && TRIO.contains(o.tag().code());
                if (routedWrong || intoTrio) {
                    total++;
                    if (shown++ < 40) {
                        md.append("- ").append(o.text().label()).append(" → ").append(o.tag().code()).append(" (runner-up ")
                                .append(o.tag().runnerUp()).append(String.format(Locale.ROOT, ", lead %.3f, ", o.tag().confidence()))
                                .append(o.tag().detector()).append(", ").append(o.words()).append(" words): ")
                                .append(o.text().text().replace("|", "\\|")).append('\n');
                    }
                }
            }
            md.append(total == 0 ? "none\n\n" : total > shown ? "- … " + (total - shown) + " more\n\n" : "\n");
        }
    }

    private static List<String> labels(List<Outcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!out.contains(o.text().label())) {
                out.add(o.text().label());
            }
        }
        return out;
    }

    private static List<Outcome> ofLabel(List<Outcome> outcomes, String label) {
        return outcomes.stream().filter(o -> o.text().label().equals(label)).toList();
    }

    private static List<Outcome> of(List<Outcome> outcomes, String expected) {
        return outcomes.stream().filter(o -> o.text().expected().equals(expected)).toList();
    }

    // ---------------------------------------------------------------- throughput and memory

    private static void throughput(StringBuilder md, LanguageTagger tagger, Map<String, List<Outcome>> bySet) {
        int passes = Integer.getInteger("bench.passes", 10);
        int warmup = Integer.getInteger("bench.warmup", 3);
        List<String> texts = new ArrayList<>();
        bySet.values().forEach(l -> l.forEach(o -> texts.add(o.text().text())));
        List<PostCollected> posts = new ArrayList<>();
        Instant now = Instant.parse("2026-01-15T09:30:00Z");
        ToolInfo collector = new ToolInfo("bench", "bench", "bench");
        for (int i = 0; i < texts.size(); i++) {
            posts.add(new PostCollected(PostCollected.SCHEMA_VERSION, "bench:" + i, "bench", String.valueOf(i), 1,
                    "bench-source", List.of("bench"), "https://example.org/p/" + i,
                    new Author("author" + i, "Author " + i, null), null, texts.get(i), null,
                    now.minusSeconds(60), now, List.of(), null, "0".repeat(64), collector));
        }
        Enricher enricher = new Enricher(tagger, new ToolInfo("enricher", "bench/" + LanguageTagger.DETECTOR, "bench"), Clock.systemUTC());
        md.append(String.format(Locale.ROOT, "%d texts (all sets), %d warm-up + %d measured passes.%n%n", texts.size(), warmup, passes));
        md.append("| operation | median posts/s | median posts per process CPU-second | median posts per calling-thread CPU-second |\n");
        md.append("|---|---:|---:|---:|\n");
        throughputRow(md, "`LanguageTagger.tag`", measure(warmup, passes, texts.size(), i -> {
            blackhole += tagger.tag(texts.get(i), null).code().hashCode();
        }));
        throughputRow(md, "`Enricher.enrich` (language + hashtags, mentions, links, sha256, simhash)", measure(warmup, passes, posts.size(), i -> {
            PostEnriched e = enricher.enrich(posts.get(i));
            blackhole += e.simhash().hashCode() + e.language().code().hashCode();
        }));
        md.append("\nProcess CPU counts every JVM thread (Lingua splits a detection over the ForkJoin common pool; GC; JIT).\n");
    }

    private static double[] measure(int warmup, int passes, int size, IntConsumer work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> thread = new ArrayList<>();
        for (int p = 0; p < warmup + passes; p++) {
            long c0 = processCpuNanos();
            long th0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < size; i++) {
                work.accept(i);
            }
            if (p >= warmup) {
                wall.add(size / ((System.nanoTime() - t0) / 1e9));
                cpu.add(size / ((processCpuNanos() - c0) / 1e9));
                thread.add(size / ((threads.getCurrentThreadCpuTime() - th0) / 1e9));
            }
        }
        return new double[] {median(wall), median(cpu), median(thread)};
    }

    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }

    private static void throughputRow(StringBuilder md, String name, double[] m) {
        md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f |%n", name, m[0], m[1], m[2]));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void options(StringBuilder md, List<String> codes, List<String> precise) throws Exception {
        List<String> routed = List.of("uk", "ru", "be", "en", "ar", "fr", "de", "es", "pl", "tr", "fa");
        Map<String, String[]> options = new LinkedHashMap<>();
        options.put("the 11 routed languages, high accuracy (the tagger before #18)", new String[] {String.join(",", routed), String.join(",", routed), "1.01"});
        options.put("all " + codes.size() + " known languages, high accuracy", new String[] {String.join(",", codes), String.join(",", codes), "1.01"});
        options.put("all " + codes.size() + " known languages, low accuracy only", new String[] {String.join(",", codes), "-"});
        options.put("shipped: " + codes.size() + " low accuracy + " + precise.size() + " high accuracy (" + String.join(",", precise) + ")",
                new String[] {String.join(",", codes), String.join(",", precise)});
        md.append("| configuration | model heap after forced GCs | load time | posts per process CPU-second (UDHR texts) |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, String[]> e : options.entrySet()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1536m", "-cp", System.getProperty("java.class.path"), HeapProbe.class.getName()));
            command.addAll(Arrays.asList(e.getValue()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !out.contains("heap=")) {
                throw new IllegalStateException("heap probe failed for " + e.getKey() + ":\n" + out);
            }
            Map<String, String> kv = new HashMap<>();
            for (String part : out.substring(out.lastIndexOf("heap=")).strip().split(" ")) {
                String[] pair = part.split("=", 2);
                kv.put(pair[0], pair[1]);
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %,d |%n", e.getKey(), mb(Long.parseLong(kv.get("heap"))),
                    kv.get("load-ms"), Long.parseLong(kv.get("posts-per-cpu-second"))));
        }
        md.append("\nA high-accuracy set with window 1.01 asks the precise pass for every text, i.e. high accuracy only.\n");
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.1f %% (%d/%d)", 100.0 * part / whole, part, whole);
    }
}
