package org.evidencepipeline.bench;

import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.local.LocalPipeline;
import org.evidencepipeline.local.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * End-to-end benchmark of collector -> enricher -> storer on the local runtime's real broker and S3 server,
 * with the raw limits of that broker and server measured in the same run. Writes a Markdown report.
 *
 * <pre>
 * ./mvnw -q -DskipTests install && ./mvnw -Pbench -pl bench verify
 * ./mvnw -Pbench -pl bench verify -Dbench.args="--only 10k-1x-default --large 0"
 * </pre>
 */
public final class PipelineBenchmark {
    static final long SEED = 20261126L;
    static final int PARTITIONS = 12; // as the chart: 3 consumers per enricher/storer instance
    static final int WARM_UP = 400;

    private final Path home;
    private final Path work;
    private final boolean keep;
    /** {@code --profile}: JFR execution samples of every process over each measured run. */
    boolean profile;
    private final Map<String, Map<String, Profiles.Profile>> profiles = new LinkedHashMap<>();
    private final JpegPool jpegs;
    private final List<RunResult> results = new ArrayList<>();
    private RawLimits raw;
    /** Stopped by the shutdown hook, so Ctrl-C or a kill never leaves service JVMs or S3Proxy behind. */
    private volatile Deployment current;
    private final Instant started = Instant.now();
    private final String loadBefore = ProcStats.loadAverage();

    PipelineBenchmark(Path home, boolean keep) {
        this.home = home;
        this.work = home.resolve("bench/target/runs");
        this.keep = keep;
        this.jpegs = JpegPool.load(home.resolve("bench/target/jpeg-cache"), SEED);
    }

    public static void main(String[] args) throws Exception {
        quiet();
        Path home = Path.of(".").toAbsolutePath().normalize();
        Path report = null;
        Set<String> only = null;
        int large = 100_000;
        int posts = 10_000;
        boolean keep = false;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--report" -> report = Path.of(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--large" -> large = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                case "--profile" -> profile = true;
                case "--posts" -> posts = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--home DIR --report FILE --only a,b --posts N --large N --keep --profile)");
            }
        }
        if (report == null) {
            report = home.resolve("bench/target/pipeline-benchmark.md");
        }
        PipelineBenchmark bench = new PipelineBenchmark(home, keep);
        bench.profile = profile;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Deployment d = bench.current;
            if (d != null) {
                d.close();
            }
        }, "stop-services"));
        List<Scenario> plan = new ArrayList<>(plan(posts, large));
        if (only != null) {
            plan.addAll(onRequest());
        }
        for (Scenario s : plan) {
            if (only == null || only.contains(s.name())) {
                bench.run(s);
                Files.createDirectories(report.getParent());
                Files.writeString(report, bench.report(), StandardCharsets.UTF_8); // after each run, so a partial run leaves figures
            }
        }
        Files.writeString(report, bench.report(), StandardCharsets.UTF_8);
        System.out.println("report: " + report);
        System.exit(0);
    }

    /**
     * Runs outside the standard plan, run only when named with {@code --only}: paced rates between 10 and 500
     * posts/s, 60 s each, to find the highest rate this machine keeps p99 latency under 1 s at.
     */
    static List<Scenario> onRequest() {
        List<Scenario> extra = new ArrayList<>();
        for (int rate : new int[]{25, 50, 75}) {
            extra.add(new Scenario("paced-" + rate + "-1x-default", rate * 60, 0.2, 1, rate, "default", Scenario.defaults(), false));
        }
        return extra;
    }

    /** The standard plan; {@code large} is the big corpus (0 = skip it). */
    static List<Scenario> plan(int posts, int large) {
        List<Scenario> plan = new ArrayList<>();
        String k = posts % 1000 == 0 ? posts / 1000 + "k" : Integer.toString(posts);
        plan.add(new Scenario(k + "-1x-default", posts, 0.2, 1, 0, "default", Scenario.defaults(), true));
        plan.add(new Scenario(k + "-2x-default", posts, 0.2, 2, 0, "default", Scenario.defaults(), false));
        // the text posts of the next run with each record's outputs awaited before the next (as before the relay, #17)
        plan.add(new Scenario(k + "-text-1x-awaited", posts, 0.0, 1, 0, "awaited outputs", Scenario.awaitedOutputs(), false));
        plan.add(new Scenario(k + "-text-1x-default", posts, 0.0, 1, 0, "default", Scenario.defaults(), false));
        // the same text posts on the JVM settings before #17's memory work (tiered JIT, heap committed at -Xmx)
        plan.add(new Scenario(k + "-text-1x-previous-jvm", posts, 0.0, 1, 0, "default, previous JVM options", Scenario.defaults(),
                false, Scenario.previousJvm(LocalPipeline.Settings.defaultHeaps())));
        // the goal's offered rate: 6 s of posts at 500/s, then the backlog drains
        plan.add(new Scenario("paced-500-1x-default", Math.max(1, posts * 3 / 10), 0.2, 1, 500, "default", Scenario.defaults(), false));
        // a rate this machine sustains: 150 s at 10 posts/s
        plan.add(new Scenario("paced-10-1x-default", Math.max(1, posts * 15 / 100), 0.2, 1, 10, "default", Scenario.defaults(), false));
        plan.add(new Scenario(k + "-1x-one-in-flight", posts, 0.2, 1, 0, "one in flight", Scenario.oneInFlight(), false));
        if (large > 0) {
            plan.add(new Scenario(large / 1000 + "k-1x-default", large, 0.2, 1, 0, "default", Scenario.defaults(), false));
        }
        return plan;
    }

    // ------------------------------------------------------------------------------------------------

    record ServiceFigures(String name, long pid, String heap, long hwmKb, long maxRssKb, double cpuSeconds, NativeMemory nmt, LiveHeap live) {
    }

    record RunResult(Scenario scenario, int expected, int collected, long enriched, int archived, long duplicates,
                     int deadLetters, Map<String, Integer> captures, double windowSeconds, double postsPerSecond, double steadyRate,
                     double collectRate, double enrichRate, double archiveRate, double[] latencyAll, double[] latencyText,
                     double[] latencyImage, long mediaBytes, long s3Bytes, long s3Objects, List<ServiceFigures> services,
                     double harnessCpu, double s3proxyCpu, double machineBusy, String loadBefore, String loadAfter,
                     Map<String, long[]> topicStats, int feeds, boolean complete, String note, Map<String, long[]> s3ByPrefix,
                     ServiceMetrics metrics) {
    }

    void run(Scenario s) throws Exception {
        say("=== " + s.name() + ": " + s.posts() + " posts, " + (int) (s.imageShare() * 100) + "% with an image, "
                + s.instances() + " enricher + " + s.instances() + " storer, "
                + (s.paced() ? "offered at " + s.pacedRate() + " posts/s" : "released at once") + ", settings " + s.settingsName()
                + "; load " + ProcStats.loadAverage());
        Path dir = work.resolve(s.name());
        wipe(dir);
        Files.createDirectories(dir);
        Map<String, String> heaps = LocalPipeline.Settings.defaultHeaps();
        try (MediaServer media = new MediaServer(jpegs);
             Deployment d = new Deployment(home, dir, PARTITIONS, heaps)) {
            current = d;
            Corpus corpus = Corpus.generate(s.posts(), SEED, s.imageShare(), jpegs, media);
            Corpus warmCorpus = Corpus.generate(WARM_UP, SEED + 1, s.imageShare(), jpegs, media);
            int pacedFeeds = Math.max(20, s.pacedRate() / 25);
            try (FeedSet feeds = new FeedSet(corpus, s.paced(), pacedFeeds, "bench");
                 FeedSet warmFeeds = new FeedSet(warmCorpus, true, 4, "warm")) {
                Path collections = dir.resolve("collections.yaml");
                Files.writeString(collections, FeedSet.collectionsYaml(feeds, warmFeeds), StandardCharsets.UTF_8);
                for (int i = 1; i <= s.instances(); i++) {
                    d.start("storer", i, collections, s.extra("storer"), s.jvm("storer"));
                }
                for (int i = 1; i <= s.instances(); i++) {
                    d.start("enricher", i, collections, s.extra("enricher"), s.jvm("enricher"));
                }
                d.start("collector", 1, collections, s.extra("collector"), s.jvm("collector"));
                long t0 = System.nanoTime();
                d.awaitReady(Duration.ofSeconds(180));
                say("services ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + d.services.stream()
                        .map(p -> p.name() + " pid " + p.pid()).toList() + "; " + feeds.feedCount() + " feeds");
                ProcStats.Sampler sampler = new ProcStats.Sampler();
                for (ServiceProcess p : d.services) {
                    sampler.add(p.name(), p.pid());
                }
                try (Observer warmObs = new Observer(d.bootstrapServers(), Corpus.guidPrefix(SEED + 1))) {
                    // warm-up: JIT, lazily loaded language models, connections; not measured
                    long w0 = System.nanoTime();
                    warmFeeds.release(WARM_UP);
                    while (warmObs.archived() < WARM_UP && System.nanoTime() - w0 < Duration.ofMinutes(5).toNanos()) {
                        warmObs.poll(Duration.ofMillis(500));
                        sampler.sample();
                    }
                    say("warm-up: " + warmObs.archived() + " of " + WARM_UP + " posts archived in "
                            + (System.nanoTime() - w0) / 1_000_000 + " ms (not measured)");
                }
                long self = ProcessHandle.current().pid();
                long s3pid = ProcessHandle.current().children()
                        .filter(h -> h.info().commandLine().orElse("").contains("s3proxy")).map(ProcessHandle::pid)
                        .findFirst().orElse(-1L);
                Map<String, Double> cpu0 = new LinkedHashMap<>();
                sampler.pids.forEach((n, pid) -> cpu0.put(n, ProcStats.cpuSeconds(pid)));
                double harness0 = ProcStats.cpuSeconds(self);
                double s3cpu0 = ProcStats.cpuSeconds(s3pid);
                double machine0 = ProcStats.machineBusySeconds();
                ServiceMetrics metrics0 = ServiceMetrics.read(d.services);
                String loadBeforeRun = ProcStats.loadAverage();
                Map<String, Long> profiled = new LinkedHashMap<>(sampler.pids);
                if (s3pid > 0) {
                    profiled.put("s3proxy", s3pid);
                }
                Profiles recording = profile ? Profiles.start(dir.resolve("profiles"), profiled) : null;
                try (Observer obs = new Observer(d.bootstrapServers(), Corpus.guidPrefix(SEED))) {
                    long start = System.nanoTime();
                    Thread pacer = null;
                    if (s.paced()) {
                        pacer = new Thread(() -> {
                            while (feeds.released() < s.posts() && !Thread.currentThread().isInterrupted()) {
                                double elapsed = (System.nanoTime() - start) / 1e9;
                                feeds.release((int) (elapsed * s.pacedRate()));
                                try {
                                    Thread.sleep(200);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }, "pacer");
                        pacer.setDaemon(true);
                        pacer.start();
                    } else {
                        feeds.release(s.posts());
                    }
                    long lastProgress = System.nanoTime();
                    long lastPrint = 0;
                    int lastArchived = -1;
                    long maxNanos = Duration.ofMinutes(s.posts() >= 50_000 ? 90 : 25).toNanos();
                    while (obs.archived() < s.posts()) {
                        obs.poll(Duration.ofMillis(500));
                        sampler.sample();
                        long now = System.nanoTime();
                        if (obs.archived() != lastArchived || obs.collected() < feeds.released()) {
                            if (obs.archived() != lastArchived) {
                                lastProgress = now;
                            }
                            lastArchived = obs.archived();
                        }
                        if (now - lastPrint > 10_000_000_000L) {
                            lastPrint = now;
                            say(String.format("  t=%4.0fs released %d | collected %d | enriched %d | archived %d | dead letters %d | rss MB %s",
                                    (now - start) / 1e9, feeds.released(), obs.collected(), obs.enrichedDistinct, obs.archived(),
                                    obs.deadLetterCount(), rssSummary(sampler)));
                        }
                        if (now - lastProgress > Duration.ofSeconds(120).toNanos() || now - start > maxNanos) {
                            say("  STOPPED: no archive progress for 120 s or time limit reached");
                            break;
                        }
                    }
                    // let stragglers (duplicates, dead letters) land
                    for (int i = 0; i < 4; i++) {
                        obs.poll(Duration.ofMillis(500));
                    }
                    if (pacer != null) {
                        pacer.interrupt();
                    }
                    Map<String, Double> cpuUsed = new LinkedHashMap<>();
                    sampler.pids.forEach((n, pid) -> cpuUsed.put(n, ProcStats.cpuSeconds(pid) - cpu0.get(n)));
                    double harnessCpu = ProcStats.cpuSeconds(self) - harness0;
                    double s3cpu = s3pid > 0 ? ProcStats.cpuSeconds(s3pid) - s3cpu0 : -1;
                    double machine = ProcStats.machineBusySeconds() - machine0;
                    if (recording != null) {
                        profiles.put(s.name(), recording.stop());
                        recording.close();
                    }
                    List<ServiceFigures> services = new ArrayList<>();
                    for (ServiceProcess p : d.services) {
                        String base = p.name().replaceAll("-\\d+$", "");
                        services.add(new ServiceFigures(p.name(), p.pid(), heaps.get(base), ProcStats.statusKb(p.pid(), "VmHWM"),
                                sampler.maxRssKb.getOrDefault(p.name(), -1L), cpuUsed.get(p.name()), NativeMemory.of(p.pid()),
                                LiveHeap.of(p.pid(), 5)));
                    }
                    ServiceMetrics metrics = ServiceMetrics.read(d.services).since(metrics0);
                    RunResult r = result(s, corpus, obs, services, harnessCpu, s3cpu, machine, loadBeforeRun, d, feeds.feedCount(), metrics);
                    results.add(r);
                    say(String.format("  %s: %d/%d archived, %.1f posts/s end to end over %.1f s; latency p50 %.0f p95 %.0f p99 %.0f ms; stage rates collect %.0f enrich %.0f archive %.0f /s",
                            s.name(), r.archived(), s.posts(), r.postsPerSecond(), r.windowSeconds(), r.latencyAll()[0],
                            r.latencyAll()[1], r.latencyAll()[2], r.collectRate(), r.enrichRate(), r.archiveRate()));
                    services.forEach(f -> say(String.format("  %-10s heap -Xmx%s  peak RSS (VmHWM) %d MB  CPU %.1f s (%.2f ms/post)",
                            f.name(), f.heap(), f.hwmKb() / 1024, f.cpuSeconds(), f.cpuSeconds() * 1000 / Math.max(1, r.archived()))));
                    say(String.format("  S3 requests %.0f (%.2f per archived post: %s); ledger entries appended %.0f in %.0f appends, %.0f published",
                            metrics.s3Requests(), metrics.s3Requests() / Math.max(1, r.archived()), metrics.s3RequestsByMethod(),
                            metrics.ledgerEntries(), metrics.ledgerAppends(), metrics.ledgerPublished()));
                    say(String.format("  broker+harness CPU %.1f s, S3Proxy CPU %.1f s, machine busy %.1f of %.1f CPU-s",
                            harnessCpu, s3cpu, machine, r.windowSeconds() * Runtime.getRuntime().availableProcessors()));
                    if (s.raw()) {
                        d.stopServices();
                        rawLimits(d, obs, r);
                    }
                }
            }
        } finally {
            current = null;
            if (!keep) {
                wipe(dir);
            }
        }
    }

    private RunResult result(Scenario s, Corpus corpus, Observer obs, List<ServiceFigures> services, double harnessCpu,
                             double s3cpu, double machine, String loadBeforeRun, Deployment d, int feeds, ServiceMetrics metrics) {
        long firstCollected = obs.collectedAtMicros.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long lastCollected = obs.collectedAtMicros.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long firstArchived = obs.archivedAtMicros.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long lastArchived = obs.archivedAtMicros.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double window = (lastArchived - firstCollected) / 1e6;
        long[] archivedTimes = obs.archivedAtMicros.values().stream().mapToLong(Long::longValue).sorted().toArray();
        double steady = Double.NaN;
        if (archivedTimes.length >= 20) {
            int lo = archivedTimes.length / 10;
            int hi = archivedTimes.length * 9 / 10;
            steady = (hi - lo) / Math.max(1e-3, (archivedTimes[hi] - archivedTimes[lo]) / 1e6);
        }
        List<Double> all = new ArrayList<>();
        List<Double> text = new ArrayList<>();
        List<Double> image = new ArrayList<>();
        obs.archivedAtMicros.forEach((id, at) -> {
            Long c = obs.collectedAtMicros.get(id);
            if (c != null) {
                double ms = (at - c) / 1000.0;
                all.add(ms);
                (Boolean.TRUE.equals(obs.archivedWithImage.get(id)) ? image : text).add(ms);
            }
        });
        long[] enrichedStats = obs.topicStats.getOrDefault(Topics.POSTS_ENRICHED, new long[]{0, 0, 0, 0});
        double enrichRate = enrichedStats[3] > enrichedStats[2] ? obs.enrichedDistinct / ((enrichedStats[3] - enrichedStats[2]) / 1000.0) : 0;
        long[] s3 = s3Usage(d.s3.blobDir().resolve(LocalPipeline.BUCKET));
        return new RunResult(s, corpus.posts.size(), obs.collected(), obs.enrichedDistinct, obs.archived(),
                obs.archivedRecords - obs.archived(), obs.deadLetterCount(), new LinkedHashMap<>(obs.captures), window,
                obs.archived() / window, steady, obs.collected() / Math.max(1e-3, (lastCollected - firstCollected) / 1e6), enrichRate,
                obs.archived() / Math.max(1e-3, (lastArchived - firstArchived) / 1e6), percentiles(all), percentiles(text),
                percentiles(image), obs.mediaBytesStored, s3[0], s3[1], services, harnessCpu, s3cpu, machine, loadBeforeRun,
                ProcStats.loadAverage(), new LinkedHashMap<>(obs.topicStats), feeds, obs.archived() >= s.posts(), "",
                s3UsageByPrefix(d.s3.blobDir().resolve(LocalPipeline.BUCKET)), metrics);
    }

    private void rawLimits(Deployment d, Observer obs, RunResult run) {
        say("=== raw limits on the same broker and S3 server (services stopped); load " + ProcStats.loadAverage());
        raw = new RawLimits();
        d.kafka.createTopics(PARTITIONS, List.of("raw.collected", "raw.enriched", "raw.archived"));
        List<byte[]> collected = obs.samples.get(Topics.POSTS_COLLECTED);
        List<byte[]> enriched = obs.samples.get(Topics.POSTS_ENRICHED);
        List<byte[]> archived = obs.samples.get(Topics.POSTS_ARCHIVED);
        int n = 20_000;
        raw.produce(d.kafka, "raw.collected", collected, n, true, false, -1);
        raw.produce(d.kafka, "raw.enriched", enriched, n, true, false, -1);
        raw.produce(d.kafka, "raw.archived", archived, n, false, false, -1);
        raw.produce(d.kafka, "raw.collected", collected, 1_000, true, true, -1);
        raw.produce(d.kafka, "raw.collected", collected, 1_000, true, true, 0);
        raw.consume(d.kafka, "raw.enriched", n);
        // S3 objects: the enriched post JSON as stored (small), and the corpus' JPEGs (large)
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < jpegs.baseCount(); i++) {
            images.add(jpegs.variant(i, MediaServer.uniqueText(0, i)));
        }
        raw.put(d.s3, "raw-bench", "post JSON (" + avg(enriched) + " B avg)", enriched, 1_000, 1, "small-1");
        raw.put(d.s3, "raw-bench", "post JSON (" + avg(enriched) + " B avg)", enriched, 2_000, 4, "small-4");
        raw.put(d.s3, "raw-bench", "JPEG 50-500 KB (" + avg(images) / 1024 + " KB avg)", images, 200, 1, "large-1");
        raw.put(d.s3, "raw-bench", "JPEG 50-500 KB (" + avg(images) / 1024 + " KB avg)", images, 400, 4, "large-4");
    }

    static long avg(List<byte[]> list) {
        return (long) list.stream().mapToInt(b -> b.length).average().orElse(0);
    }

    static double[] percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return new double[]{pct(v, 50), pct(v, 95), pct(v, 99), v[v.length - 1]};
    }

    static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static long[] s3Usage(Path bucketDir) {
        long[] out = {0, 0};
        if (!Files.isDirectory(bucketDir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(bucketDir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    out[0] += Files.size(f);
                    out[1]++;
                } catch (IOException ignored) {
                    // vanished
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Objects and bytes under each top-level prefix of the bucket (fetches/, posts/, provenance/, sha256/, warc/,
     * index/): what a post costs in the archive, and what the fetch WARCs add. S3Proxy's filesystem store keeps a key's
     * "/" segments as directories, so the first directory under the bucket is the prefix.
     */
    static Map<String, long[]> s3UsageByPrefix(Path bucketDir) {
        Map<String, long[]> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(bucketDir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(bucketDir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                Path rel = bucketDir.relativize(f);
                String prefix = rel.getNameCount() > 1 ? rel.getName(0) + "/" : "(top level)";
                try {
                    long[] v = out.computeIfAbsent(prefix, k -> new long[2]);
                    v[0]++;
                    v[1] += Files.size(f);
                } catch (IOException ignored) {
                    // vanished
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String rssSummary(ProcStats.Sampler sampler) {
        StringBuilder b = new StringBuilder();
        sampler.pids.forEach((n, pid) -> b.append(n).append('=').append(ProcStats.statusKb(pid, "VmRSS") / 1024).append(' '));
        return b.toString().trim();
    }

    String report() {
        return new Report(started, loadBefore, results, raw, PARTITIONS, jpegs).markdown() + Profiles.markdown(profiles);
    }

    static void say(String line) {
        System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void quiet() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
        h.setLevel(Level.WARNING);
        root.addHandler(h);
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper")) {
            Logger.getLogger(name).setLevel(Level.SEVERE);
        }
    }
}
