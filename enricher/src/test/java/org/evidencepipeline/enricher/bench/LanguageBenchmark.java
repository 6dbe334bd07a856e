package org.evidencepipeline.enricher.bench;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.enricher.language.DetectionText;
import org.evidencepipeline.enricher.language.LanguageTagger;
import org.evidencepipeline.enricher.pipeline.Enricher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;

/**
 * Language accuracy and throughput benchmark of the enricher. Not a test: run it with
 * {@code ./mvnw -pl enricher -am -Pbench -DskipTests verify} (see BENCHMARKS.md).
 *
 * <p>Reads the labelled posts {@code bench/language-set.tsv} and {@code bench/single-words.tsv} from the test
 * classpath, loads the language models once with the enricher's default rules (from the main
 * {@code application.properties}; any {@code enricher.language.*} system property overrides them, for
 * experiments), and prints a Markdown report: accuracy per language, uk/ru on texts of at least 5 words,
 * confusion matrix, single words, single-thread throughput of {@link LanguageTagger#tag} and of
 * {@link Enricher#enrich}, and the heap the models take. The report is also written to the path given as the
 * first argument (default {@code target/language-benchmark.md}).
 *
 * <p>System properties: {@code bench.passes} (measured passes, default 20), {@code bench.warmup} (warm-up
 * passes, default 5), {@code bench.repeat} (trips over the data set per pass, default 3).
 */
public final class LanguageBenchmark {
    private static final String UND = LanguageTag.UNDETERMINED;
    private static final List<String> LABELS = List.of("uk", "ru", "be", "en", "ar");
    private static final String PREFIX = "enricher.language.";

    /** Results kept alive so the JIT cannot drop the work being timed. */
    private static volatile long blackhole;

    private record Sample(String lang, String text) {
    }

    private record Outcome(Sample sample, LanguageTag tag, int words) {
        boolean right() {
            return tag.code().equals(sample.lang());
        }

        boolean und() {
            return UND.equals(tag.code());
        }
    }

    private record Pass(double postsPerSecond, double postsPerCpuSecond, double postsPerThreadCpuSecond) {
    }

    private LanguageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/language-benchmark.md");
        int passes = Integer.getInteger("bench.passes", 20);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int repeat = Integer.getInteger("bench.repeat", 3);

        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        List<Sample> set = read("bench/language-set.tsv");
        List<Sample> singles = read("bench/single-words.tsv");
        Properties config = defaults();
        List<String> codes = Arrays.asList(setting(config, "codes").split("\\s*,\\s*"));
        LanguageTagger.Rules rules = new LanguageTagger.Rules(
                Integer.parseInt(setting(config, "min-words")),
                Double.parseDouble(setting(config, "min-margin")),
                Double.parseDouble(setting(config, "hint-window")));

        // --- models: load once, measure time and retained heap ---
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        long runtimeBefore = runtimeUsedAfterGc();
        long start = System.nanoTime();
        LanguageTagger tagger = new LanguageTagger(codes, rules);
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        long heapAfter = usedHeapAfterGc(memory);
        long runtimeAfter = runtimeUsedAfterGc();
        long committedAfter = memory.getHeapMemoryUsage().getCommitted();
        long maxHeap = Runtime.getRuntime().maxMemory();

        // --- accuracy ---
        List<Outcome> outcomes = classify(tagger, set);
        List<Outcome> singleOutcomes = classify(tagger, singles);
        // What the detector alone would say of single words (min-words 1, same confidence and margin rules):
        // shows whether the min-words rule is what keeps them from being wrong. The models are shared (static).
        LanguageTagger noWordFloor = new LanguageTagger(codes,
                new LanguageTagger.Rules(1, rules.minMargin(), rules.hintWindow()));
        List<Outcome> singleNoFloor = classify(noWordFloor, singles);

        // --- throughput, one calling thread ---
        List<String> texts = new ArrayList<>();
        List<PostCollected> posts = new ArrayList<>();
        Instant now = Instant.parse("2026-01-15T09:30:00Z");
        ToolInfo collector = new ToolInfo("bench", "bench", "bench");
        for (int i = 0; i < set.size(); i++) {
            String text = set.get(i).text();
            texts.add(text);
            posts.add(new PostCollected(PostCollected.SCHEMA_VERSION, "bench:" + i, "bench", String.valueOf(i), 1,
                    "bench-source", List.of("bench"), "https://example.org/p/" + i,
                    new Author("author" + i, "Author " + i, null), null, text, null,
                    now.minusSeconds(60), now, List.of(), null, "0".repeat(64), collector));
        }
        Enricher enricher = new Enricher(tagger, new ToolInfo("enricher", "bench/" + LanguageTagger.DETECTOR, "bench"),
                Clock.systemUTC());
        List<Pass> tagPasses = measure(warmup, passes, repeat, texts.size(), i -> {
            LanguageTag t = tagger.tag(texts.get(i), null);
            blackhole += t.code().hashCode();
        });
        List<Pass> enrichPasses = measure(warmup, passes, repeat, posts.size(), i -> {
            PostEnriched e = enricher.enrich(posts.get(i));
            blackhole += e.simhash().hashCode() + e.language().code().hashCode();
        });
        double loadAfter = os.getSystemLoadAverage();

        // --- report ---
        StringBuilder md = new StringBuilder();
        md.append("### Run\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "date (UTC)", DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)));
        row(md, "JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        row(md, "available processors / ForkJoin common parallelism", Runtime.getRuntime().availableProcessors()
                + " / " + ForkJoinPool.getCommonPoolParallelism());
        row(md, "GC", gcNames());
        row(md, "max heap (-Xmx)", mb(maxHeap));
        row(md, "system load average (1 min) before / after", String.format(Locale.ROOT, "%.2f / %.2f", loadBefore, loadAfter));
        row(md, "languages", String.join(",", codes));
        row(md, "rules", String.format(Locale.ROOT, "min-words %d, min-margin %s, hint-window %s (no platform hint given)",
                rules.minWords(), num(rules.minMargin()), num(rules.hintWindow())));
        row(md, "data set", set.size() + " labelled posts, " + singles.size() + " single words / 2-word phrases");
        md.append('\n');

        md.append("### Accuracy per language (all texts)\n\n");
        accuracyTable(md, outcomes, 0);
        md.append("\n### Accuracy on texts of at least 5 words (words counted after removing links, mentions, hashtags, emoji, digits)\n\n");
        accuracyTable(md, outcomes, 5);
        md.append("\n### Accuracy by length (right / texts, und in brackets)\n\n");
        lengthTable(md, outcomes);

        md.append("\n### Confusion (rows: true language, columns: tag given)\n\n");
        confusion(md, outcomes);
        long ukAsRu = outcomes.stream().filter(o -> o.sample().lang().equals("uk") && o.tag().code().equals("ru")).count();
        long ruAsUk = outcomes.stream().filter(o -> o.sample().lang().equals("ru") && o.tag().code().equals("uk")).count();
        md.append(String.format(Locale.ROOT, "%nuk tagged ru: %d of %d; ru tagged uk: %d of %d.%n", ukAsRu,
                count(outcomes, "uk"), ruAsUk, count(outcomes, "ru")));
        List<Double> confidences = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.und()) {
                confidences.add(o.tag().confidence());
            }
        }
        if (!confidences.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%nConfidence recorded on the %d tagged posts: min %.3f, median %.3f, max %.3f "
                    + "(Lingua 1.2.2 reports values relative to the best language, which always gets 1.0).%n",
                    confidences.size(), Collections.min(confidences), median(confidences), Collections.max(confidences)));
        }

        md.append("\n### Single words and 2-word phrases\n\n");
        md.append("| language | items | und | right | wrong | with min-words 1: und | right | wrong |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String lang : langs(singleOutcomes)) {
            List<Outcome> a = of(singleOutcomes, lang);
            List<Outcome> b = of(singleNoFloor, lang);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d |%n", lang, a.size(),
                    und(a), right(a), wrong(a), und(b), right(b), wrong(b)));
        }
        md.append(String.format(Locale.ROOT, "| **all** | %d | %d | %d | %d | %d | %d | %d |%n", singleOutcomes.size(),
                und(singleOutcomes), right(singleOutcomes), wrong(singleOutcomes),
                und(singleNoFloor), right(singleNoFloor), wrong(singleNoFloor)));

        md.append(String.format(Locale.ROOT, "%n### Throughput, one calling thread (%d warm-up + %d measured passes of %d posts)%n%n",
                warmup, passes, repeat * set.size()));
        md.append("| operation | median posts/s | min | max | median posts per process CPU-second | median posts per calling-thread CPU-second |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        throughputRow(md, "`LanguageTagger.tag`", tagPasses);
        throughputRow(md, "`Enricher.enrich` (language + hashtags, mentions, links, sha256, simhash)", enrichPasses);
        md.append("\nProcess CPU includes every JVM thread (Lingua 1.2.2 splits each detection over the ForkJoin common pool; GC; JIT).\n");

        md.append("\n### Models\n\n");
        md.append("| load time | heap used by the models (MemoryMXBean) | (Runtime total-free) | heap used after loading | heap committed after loading |\n");
        md.append("|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %d ms | %s | %s | %s | %s |%n", loadMillis, mb(heapAfter - heapBefore),
                mb(runtimeAfter - runtimeBefore), mb(heapAfter), mb(committedAfter)));
        md.append("\nHeap figures are after forced GCs (System.gc) before and after building the detector.\n");

        md.append("\n### Sensitivity: the same data under other rules (accuracy only; configured rules first)\n\n");
        sensitivity(md, codes, rules, set, singles);

        md.append("\n### Misses (wrong or und), with the detector's top three confidence values\n\n");
        misses(md, outcomes, rawDetector(codes));
        md.append("\nSingle items tagged wrong with min-words 1:");
        boolean any = false;
        for (Outcome o : singleNoFloor) {
            if (!o.und() && !o.right()) {
                md.append(any ? "; " : " ").append(o.sample().lang()).append(" `").append(o.sample().text())
                        .append("` → ").append(o.tag().code());
                any = true;
            }
        }
        md.append(any ? ".\n" : " none.\n");

        System.out.println(md);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, "## Enricher language benchmark\n\n" + md, StandardCharsets.UTF_8);
        System.out.println("(written to " + report.toAbsolutePath() + "; blackhole " + (blackhole & 1) + ")");
    }

    // ---------------------------------------------------------------- data and configuration

    private static List<Sample> read(String resource) throws IOException {
        List<Sample> out = new ArrayList<>();
        try (InputStream in = LanguageBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the class path (run with classpathScope test)");
            }
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int lineNo = 0;
            for (String line : content.split("\n")) {
                lineNo++;
                line = line.strip();
                if (line.isEmpty() || lineNo == 1 && line.startsWith("lang\t")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0 || line.indexOf('\t', tab + 1) >= 0) {
                    throw new IllegalStateException(resource + ":" + lineNo + " is not 'lang<TAB>text'");
                }
                out.add(new Sample(line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        return out;
    }

    /** The enricher's main application.properties (not a test one), so the benchmark uses the shipped defaults. */
    private static Properties defaults() throws IOException {
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

    private static String setting(Properties config, String name) {
        String value = System.getProperty(PREFIX + name, config.getProperty(PREFIX + name));
        if (value == null) {
            throw new IllegalStateException(PREFIX + name + " missing from application.properties");
        }
        return value.strip();
    }

    // ---------------------------------------------------------------- accuracy

    private static List<Outcome> classify(LanguageTagger tagger, List<Sample> samples) {
        List<Outcome> out = new ArrayList<>();
        for (Sample s : samples) {
            out.add(new Outcome(s, tagger.tag(s.text(), null), DetectionText.words(DetectionText.of(s.text()))));
        }
        return out;
    }

    private static void accuracyTable(StringBuilder md, List<Outcome> all, int minWords) {
        md.append("| language | texts | right | und | wrong | accuracy (right/texts) | precision (right/tagged) | wrong tags |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        List<Outcome> kept = new ArrayList<>();
        for (Outcome o : all) {
            if (o.words() >= minWords) {
                kept.add(o);
            }
        }
        for (String lang : langs(kept)) {
            List<Outcome> l = of(kept, lang);
            Map<String, Integer> wrongAs = new TreeMap<>();
            for (Outcome o : l) {
                if (!o.und() && !o.right()) {
                    wrongAs.merge(o.tag().code(), 1, Integer::sum);
                }
            }
            StringBuilder w = new StringBuilder();
            wrongAs.forEach((k, v) -> w.append(w.length() == 0 ? "" : ", ").append(k).append(" ×").append(v));
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s |%n", lang, l.size(), right(l),
                    und(l), wrong(l), pct(right(l), l.size()), pct(right(l), right(l) + wrong(l)), w.length() == 0 ? "—" : w));
        }
        md.append(String.format(Locale.ROOT, "| **all** | %d | %d | %d | %d | %s | %s | |%n", kept.size(), right(kept),
                und(kept), wrong(kept), pct(right(kept), kept.size()), pct(right(kept), right(kept) + wrong(kept))));
    }

    private static void confusion(StringBuilder md, List<Outcome> outcomes) {
        List<String> columns = new ArrayList<>(LABELS);
        for (Outcome o : outcomes) {
            if (!columns.contains(o.tag().code()) && !o.und()) {
                columns.add(o.tag().code());
            }
        }
        columns.add(UND);
        md.append("| true \\ tagged |");
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append("---:|"));
        md.append('\n');
        for (String lang : langs(outcomes)) {
            md.append("| ").append(lang).append(" |");
            for (String c : columns) {
                long n = outcomes.stream().filter(o -> o.sample().lang().equals(lang) && o.tag().code().equals(c)).count();
                md.append(' ').append(n == 0 ? "·" : c.equals(lang) ? "**" + n + "**" : String.valueOf(n)).append(" |");
            }
            md.append('\n');
        }
    }

    private static void misses(StringBuilder md, List<Outcome> outcomes, LanguageDetector raw) {
        boolean any = false;
        for (Outcome o : outcomes) {
            if (!o.right()) {
                any = true;
                md.append("- ").append(o.sample().lang()).append(" → ").append(o.tag().code()).append(" [")
                        .append(top(raw, o.sample().text(), 3)).append("], ").append(o.words())
                        .append(" words: ").append(o.sample().text().replace("|", "\\|")).append('\n');
            }
        }
        if (!any) {
            md.append("none\n");
        }
    }

    /** A detector over the same languages without the tagger's rules, for showing raw confidence values. */
    private static LanguageDetector rawDetector(List<String> codes) {
        List<IsoCode639_1> iso = new ArrayList<>();
        for (String c : codes) {
            iso.add(IsoCode639_1.valueOf(c.strip().toUpperCase(Locale.ROOT)));
        }
        return LanguageDetectorBuilder.fromIsoCodes639_1(iso.toArray(IsoCode639_1[]::new)).build();
    }

    private static String top(LanguageDetector raw, String text, int n) {
        List<Map.Entry<Language, Double>> ranked = new ArrayList<>(raw.computeLanguageConfidenceValues(DetectionText.of(text)).entrySet());
        ranked.sort(Map.Entry.<Language, Double>comparingByValue().reversed());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(n, ranked.size()); i++) {
            out.append(i == 0 ? "" : " ").append(ranked.get(i).getKey().getIsoCode639_1().name().toLowerCase(Locale.ROOT))
                    .append(String.format(Locale.ROOT, " %.2f", ranked.get(i).getValue()));
        }
        return out.toString();
    }

    private static void lengthTable(StringBuilder md, List<Outcome> outcomes) {
        int[][] buckets = {{0, 4}, {5, 9}, {10, 19}, {20, Integer.MAX_VALUE}};
        md.append("| language |");
        for (int[] b : buckets) {
            md.append(b[1] == Integer.MAX_VALUE ? " " + b[0] + "+ words |" : " " + b[0] + "–" + b[1] + " words |");
        }
        md.append("\n|---|");
        for (int[] b : buckets) {
            md.append("---:|");
        }
        md.append('\n');
        for (String lang : langs(outcomes)) {
            md.append("| ").append(lang).append(" |");
            for (int[] b : buckets) {
                List<Outcome> in = new ArrayList<>();
                for (Outcome o : of(outcomes, lang)) {
                    if (o.words() >= b[0] && o.words() <= b[1]) {
                        in.add(o);
                    }
                }
                md.append(in.isEmpty() ? " — |" : String.format(Locale.ROOT, " %d/%d (%d) |", right(in), in.size(), und(in)));
            }
            md.append('\n');
        }
    }

    private static void sensitivity(StringBuilder md, List<String> codes, LanguageTagger.Rules configured,
                                    List<Sample> set, List<Sample> singles) {
        List<LanguageTagger.Rules> variants = new ArrayList<>();
        variants.add(configured);
        double m = configured.minMargin();
        double h = configured.hintWindow();
        int w = configured.minWords();
        for (double margin : new double[] {0.0, 0.05, 0.10, 0.20, 0.25}) {
            variants.add(new LanguageTagger.Rules(w, margin, h));
        }
        for (int words : new int[] {1, 2}) {
            variants.add(new LanguageTagger.Rules(words, m, h));
        }
        // The margin rule is what stands between a one-word post and a uk/ru coin toss: try it alone on single words.
        for (double margin : new double[] {0.0, 0.05, 0.10}) {
            variants.add(new LanguageTagger.Rules(1, margin, h));
        }
        md.append("| min-words | min-margin | all: right / und / wrong | uk ≥5 words | ru ≥5 words | uk→ru, ru→uk | single words: und / right / wrong |\n");
        md.append("|---:|---:|---|---:|---:|---|---|\n");
        for (LanguageTagger.Rules r : variants) {
            LanguageTagger t = new LanguageTagger(codes, r);
            List<Outcome> o = classify(t, set);
            List<Outcome> s = classify(t, singles);
            List<Outcome> uk5 = new ArrayList<>();
            List<Outcome> ru5 = new ArrayList<>();
            for (Outcome x : o) {
                if (x.words() >= 5 && x.sample().lang().equals("uk")) {
                    uk5.add(x);
                } else if (x.words() >= 5 && x.sample().lang().equals("ru")) {
                    ru5.add(x);
                }
            }
            long ukRu = o.stream().filter(x -> x.sample().lang().equals("uk") && x.tag().code().equals("ru")).count();
            long ruUk = o.stream().filter(x -> x.sample().lang().equals("ru") && x.tag().code().equals("uk")).count();
            md.append(String.format(Locale.ROOT, "| %d | %s | %d / %d / %d | %s | %s | %d, %d | %d / %d / %d |%n",
                    r.minWords(), num(r.minMargin()), right(o), und(o), wrong(o),
                    pct(right(uk5), uk5.size()), pct(right(ru5), ru5.size()), ukRu, ruUk, und(s), right(s), wrong(s)));
        }
    }

    private static List<String> langs(List<Outcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (String l : LABELS) {
            if (outcomes.stream().anyMatch(o -> o.sample().lang().equals(l))) {
                out.add(l);
            }
        }
        for (Outcome o : outcomes) {
            if (!out.contains(o.sample().lang())) {
                out.add(o.sample().lang());
            }
        }
        return out;
    }

    private static List<Outcome> of(List<Outcome> outcomes, String lang) {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.sample().lang().equals(lang)) {
                out.add(o);
            }
        }
        return out;
    }

    private static long count(List<Outcome> outcomes, String lang) {
        return of(outcomes, lang).size();
    }

    private static int right(List<Outcome> l) {
        return (int) l.stream().filter(Outcome::right).count();
    }

    private static int und(List<Outcome> l) {
        return (int) l.stream().filter(Outcome::und).count();
    }

    private static int wrong(List<Outcome> l) {
        return (int) l.stream().filter(o -> !o.und() && !o.right()).count();
    }

    // ---------------------------------------------------------------- throughput

    private static List<Pass> measure(int warmup, int passes, int repeat, int size, IntConsumer work) {
        com.sun.management.OperatingSystemMXBean os = processCpu();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Pass> out = new ArrayList<>();
        for (int p = 0; p < warmup + passes; p++) {
            long cpu0 = os == null ? -1 : os.getProcessCpuTime();
            long thread0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int r = 0; r < repeat; r++) {
                for (int i = 0; i < size; i++) {
                    work.accept(i);
                }
            }
            long wall = System.nanoTime() - t0;
            long thread = threads.getCurrentThreadCpuTime() - thread0;
            long cpu = os == null ? -1 : os.getProcessCpuTime() - cpu0;
            if (p >= warmup) {
                double posts = (double) repeat * size;
                out.add(new Pass(posts / (wall / 1e9), cpu <= 0 ? Double.NaN : posts / (cpu / 1e9),
                        thread <= 0 ? Double.NaN : posts / (thread / 1e9)));
            }
        }
        return out;
    }

    private static com.sun.management.OperatingSystemMXBean processCpu() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? (com.sun.management.OperatingSystemMXBean) os : null;
    }

    private static void throughputRow(StringBuilder md, String name, List<Pass> passes) {
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> thread = new ArrayList<>();
        for (Pass p : passes) {
            wall.add(p.postsPerSecond());
            cpu.add(p.postsPerCpuSecond());
            thread.add(p.postsPerThreadCpuSecond());
        }
        md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n", name, median(wall),
                Collections.min(wall), Collections.max(wall), median(cpu), median(thread)));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // ---------------------------------------------------------------- memory and formatting

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        settle();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long runtimeUsedAfterGc() throws InterruptedException {
        settle();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
        }
    }

    private static String gcNames() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.put(gc.getName(), true);
        }
        return String.join(", ", names.keySet());
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * part / whole, part, whole);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
