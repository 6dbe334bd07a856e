package org.evidencepipeline.bench;

import org.evidencepipeline.local.LocalPipeline;
import org.evidencepipeline.local.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The Markdown report: machine, each run, peak RSS and CPU per service, raw limits and ratios. */
final class Report {
    private final Instant started;
    private final String loadBefore;
    private final List<PipelineBenchmark.RunResult> results;
    private final RawLimits raw;
    private final int partitions;
    private final JpegPool jpegs;
    private final StringBuilder md = new StringBuilder();

    Report(Instant started, String loadBefore, List<PipelineBenchmark.RunResult> results, RawLimits raw, int partitions, JpegPool jpegs) {
        this.started = started;
        this.loadBefore = loadBefore;
        this.results = results;
        this.raw = raw;
        this.partitions = partitions;
        this.jpegs = jpegs;
    }

    String markdown() {
        line("# Pipeline benchmark report");
        line("");
        line("| | |");
        line("|---|---|");
        line("| started (UTC) | " + started.truncatedTo(ChronoUnit.SECONDS) + " |");
        line("| written (UTC) | " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " |");
        line("| CPU | " + Runtime.getRuntime().availableProcessors() + " × " + cpuModel() + " |");
        line("| memory | " + memTotal() + " |");
        line("| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " |");
        line("| load average (1 / 5 / 15 min) | at start " + loadBefore + "; when written " + ProcStats.loadAverage()
                + "; per run below |");
        line("| topics | " + partitions + " partitions each (posts.*, dead letters, feeds.bench.v1), replication 1, the broker leaves flushing to the OS (no fsync per message) |");
        line("| JPEG pool | " + jpegs.baseCount() + " ImageIO JPEGs, " + jpegs.baseSize(0) / 1024 + " to "
                + jpegs.baseSize(jpegs.baseCount() - 1) / 1024 + " KB; each post's copy differs by a comment segment |");
        line("");
        line("## Runs");
        line("");
        line("| run | posts | image posts | feeds | enricher / storer instances | offered | settings | archived | duplicates | dead letters | first collected → last archived | **posts/s end to end** | steady (10th→90th percentile archived) | stage rates collect / enrich / archive (posts/s) | latency p50 / p95 / p99 / max (collectedAt → archivedAt) | media stored | all S3 bytes written |");
        line("|---|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            Scenario s = r.scenario();
            int images = r.captures().values().stream().mapToInt(Integer::intValue).sum();
            line(String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %d / %d | %s | %s | %,d%s | %d | %d | %.1f s | **%.1f** | %.1f | %.0f / %.0f / %.0f | %s | %s (%s/s) | %s in %,d objects (%s/s) |",
                    s.name(), r.expected(), images, r.feeds(), s.instances(), s.instances(),
                    s.paced() ? s.pacedRate() + " posts/s" : "all at once", s.settingsName(), r.archived(),
                    r.complete() ? "" : " (incomplete)", r.duplicates(), r.deadLetters(), r.windowSeconds(), r.postsPerSecond(), r.steadyRate(),
                    r.collectRate(), r.enrichRate(), r.archiveRate(), lat(r.latencyAll()), mb(r.mediaBytes()),
                    mb((long) (r.mediaBytes() / r.windowSeconds())), mb(r.s3Bytes()), r.s3Objects(),
                    mb((long) (r.s3Bytes() / r.windowSeconds()))));
        }
        line("");
        line("Latency by kind of post (ms, p50 / p95 / p99 / max):");
        line("");
        line("| run | text-only posts | posts with an image |");
        line("|---|---|---|");
        for (PipelineBenchmark.RunResult r : results) {
            line("| " + r.scenario().name() + " | " + lat(r.latencyText()) + " | " + lat(r.latencyImage()) + " |");
        }
        line("");
        line("Settings: **default** = each service's application.properties, plus `collector.http.min-interval-per-host=0s` "
                + "(every corpus feed is on one loopback host; the default 1 s spacing would allow one feed fetch per second). "
                + "**one in flight** = " + Scenario.describe(Scenario.oneInFlight()) + " (the enricher's and storer's "
                + "consumer settings before the bottleneck fixes). Every service's JVM runs with `-Xmx<heap> "
                + String.join(" ", ServiceProcess.JVM_OPTIONS) + "` and `MALLOC_ARENA_MAX=2`, and every service but the storer with `"
                + String.join(" ", LocalPipeline.Settings.defaultJvmOptions("collector")) + "`; **previous JVM options** adds, after "
                + "them, the settings before #17's memory work (for the collector: `"
                + String.join(" ", Scenario.previousJvm(LocalPipeline.Settings.defaultHeaps()).get("collector"))
                + "`, each service with its own -Xms). Every service runs with `quarkus.otel.traces.sampler.arg=0`, "
                + "as the local runtime does: trace ids propagate and reach provenance, no span is exported.");
        line("");
        line("## Memory and CPU per service");
        line("");
        line("| run | service | heap | peak RSS (VmHWM) | largest sampled RSS during the run | CPU during the run | CPU per archived post |");
        line("|---|---|---|---:|---:|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            for (PipelineBenchmark.ServiceFigures f : r.services()) {
                line(String.format(Locale.ROOT, "| %s | %s | -Xmx%s | %d MB | %d MB | %.1f s | %.2f ms |", r.scenario().name(), f.name(),
                        f.heap(), f.hwmKb() / 1024, f.maxRssKb() / 1024, f.cpuSeconds(), f.cpuSeconds() * 1000 / Math.max(1, r.archived())));
            }
            line(String.format(Locale.ROOT, "| %s | broker + harness (one JVM, -Xmx2g) | | | | %.1f s | %.2f ms |", r.scenario().name(),
                    r.harnessCpu(), r.harnessCpu() * 1000 / Math.max(1, r.archived())));
            line(String.format(Locale.ROOT, "| %s | S3Proxy | -Xmx256m | | | %.1f s | %.2f ms |", r.scenario().name(),
                    r.s3proxyCpu(), r.s3proxyCpu() * 1000 / Math.max(1, r.archived())));
            double pipelineCpu = r.harnessCpu() + Math.max(0, r.s3proxyCpu())
                    + r.services().stream().mapToDouble(PipelineBenchmark.ServiceFigures::cpuSeconds).sum();
            line(String.format(Locale.ROOT, "| %s | **all of the above** | | | | %.1f s | **%.2f ms** |", r.scenario().name(),
                    pipelineCpu, pipelineCpu * 1000 / Math.max(1, r.archived())));
            line(String.format(Locale.ROOT, "| %s | other processes on the machine (load before: %s) | | | | %.1f s | |", r.scenario().name(),
                    r.loadBefore(), Math.max(0, r.machineBusy() - pipelineCpu)));
            line(String.format(Locale.ROOT, "| %s | machine busy | | | | %.1f of %.1f CPU-s (%.0f%%) | %.2f ms |", r.scenario().name(),
                    r.machineBusy(), r.windowSeconds() * Runtime.getRuntime().availableProcessors(),
                    100 * r.machineBusy() / (r.windowSeconds() * Runtime.getRuntime().availableProcessors()),
                    r.machineBusy() * 1000 / Math.max(1, r.archived())));
        }
        line("");
        nativeMemory();
        liveHeap();
        line("Record sizes on the pipeline topics (value bytes as produced, before compression):");
        line("");
        line("| run | topic | records | average bytes |");
        line("|---|---|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            r.topicStats().forEach((topic, s) -> line(String.format(Locale.ROOT, "| %s | %s | %,d | %,d |", r.scenario().name(), topic, s[0],
                    s[0] == 0 ? 0 : s[1] / s[0])));
        }
        line("");
        line("Archive objects by prefix (S3Proxy's store after the run), and per post version archived (the objects under");
        line("`posts/`, one per version: the measured posts and the warm-up's):");
        line("");
        line("| run | prefix | objects | bytes | objects per post | bytes per post |");
        line("|---|---|---:|---:|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            long versions = Math.max(1, r.s3ByPrefix().getOrDefault("posts/", new long[]{r.archived(), 0})[0]);
            r.s3ByPrefix().forEach((prefix, v) -> line(String.format(Locale.ROOT, "| %s | `%s` | %,d | %,d | %.3f | %,.0f |",
                    r.scenario().name(), prefix, v[0], v[1], v[0] / (double) versions, v[1] / (double) versions)));
        }
        requestsAndLedger();
        produceBatches();
        if (raw != null) {
            rawSection();
        }
        return md.toString();
    }

    /**
     * The S3 requests every service sent during the measured run (their {@code archive_s3_requests_total} counters:
     * collector fetch WARCs, storer posts, media, provenance, indexes and ledger tiles), per archived post, and what the
     * storer's ledger writer appended in the same window.
     */
    private void requestsAndLedger() {
        line("");
        line("## S3 requests and the custody ledger");
        line("");
        line("Counted by each service's MinIO client as the requests go out (retries and listing pages included), summed over");
        line("every service, from the end of the warm-up to the end of the run. The ledger figures are the storer's writer:");
        line("entries appended to its trees, in how many appends (batches), and entries published to `ledger.entries.v1` in");
        line("the window; appended per second is over the run's window, so it is what the pipeline fed the writer, not its limit.");
        line("");
        line("| run | archived | S3 requests (by method) | **S3 requests per archived post** | ledger entries appended | appends | entries per append | entries appended per second | published |");
        line("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            ServiceMetrics m = r.metrics();
            StringBuilder by = new StringBuilder();
            m.s3RequestsByMethod().forEach((method, n) -> {
                if (n > 0) {
                    by.append(by.length() == 0 ? "" : ", ").append(method).append(' ').append(String.format(Locale.ROOT, "%,.0f", n));
                }
            });
            line(String.format(Locale.ROOT, "| %s | %,d | %,.0f (%s) | **%.2f** | %,.0f | %,.0f | %.1f | %,.0f | %,.0f |",
                    r.scenario().name(), r.archived(), m.s3Requests(), by, m.s3Requests() / Math.max(1, r.archived()),
                    m.ledgerEntries(), m.ledgerAppends(), m.ledgerEntries() / Math.max(1, m.ledgerAppends()),
                    m.ledgerEntries() / Math.max(1e-3, r.windowSeconds()), m.ledgerPublished()));
        }
    }

    /** Records per produce request, per service: how well its outputs are batched (the relay, #17). */
    private void produceBatches() {
        line("");
        line("## Records per produce request");
        line("");
        line("Each service's Kafka producers' own counters (`kafka_producer_record_send_total`, `kafka_producer_request_total`),");
        line("summed over its producers, over the measured run. One produce request is one broker round trip and one log append.");
        line("");
        line("| run | service | records sent | produce requests | records per request |");
        line("|---|---|---:|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            ServiceMetrics m = r.metrics();
            m.recordsSent().forEach((service, sent) -> {
                double requests = m.produceRequests().getOrDefault(service, 0.0);
                line(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.1f |", r.scenario().name(), service, sent, requests,
                        sent / Math.max(1, requests)));
            });
        }
    }

    /** Each service's memory by what it is spent on (Native Memory Tracking, committed, at the end of the run). */
    private void nativeMemory() {
        if (results.stream().flatMap(r -> r.services().stream()).noneMatch(f -> f.nmt().known())) {
            return;
        }
        line("What each service's memory is spent on at the end of the run: Native Memory Tracking's committed MB by "
                + "category (`jcmd <pid> VM.native_memory summary`; Metaspace is class metadata, Class the compressed class space, Thread the stacks), beside VmRSS read "
                + "right after. RSS above NMT's total is what the JVM does not track: glibc malloc arenas and mapped files.");
        line("");
        StringBuilder head = new StringBuilder("| run | service | peak RSS (VmHWM) | RSS then | NMT total |");
        StringBuilder rule = new StringBuilder("|---|---|---:|---:|---:|");
        for (String c : NativeMemory.SHOWN) {
            head.append(' ').append(c).append(" |");
            rule.append("---:|");
        }
        line(head.append(" other | RSS then − NMT |").toString());
        line(rule.append("---:|---:|").toString());
        for (PipelineBenchmark.RunResult r : results) {
            for (PipelineBenchmark.ServiceFigures f : r.services()) {
                if (!f.nmt().known()) {
                    continue;
                }
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d |", r.scenario().name(),
                        f.name(), f.hwmKb() / 1024, f.nmt().rssKb() / 1024, f.nmt().totalKb() / 1024));
                for (String c : NativeMemory.SHOWN) {
                    row.append(String.format(Locale.ROOT, " %d |", f.nmt().kb(c) / 1024));
                }
                row.append(String.format(Locale.ROOT, " %d | %d |", f.nmt().otherKb() / 1024, (f.nmt().rssKb() - f.nmt().totalKb()) / 1024));
                line(row.toString());
            }
        }
        line("");
    }

    /** Each service's live heap and its largest classes, after the run. */
    private void liveHeap() {
        if (results.stream().flatMap(r -> r.services().stream()).noneMatch(f -> f.live().known())) {
            return;
        }
        line("The live heap after the run (`jcmd <pid> GC.class_histogram`, which collects garbage first) and its five largest "
                + "classes (`[B` is byte arrays, `[Ljava.lang.Object;` object arrays):");
        line("");
        line("| run | service | heap | live heap | largest classes (MB) |");
        line("|---|---|---|---:|---|");
        for (PipelineBenchmark.RunResult r : results) {
            for (PipelineBenchmark.ServiceFigures f : r.services()) {
                if (f.live().known()) {
                    StringBuilder top = new StringBuilder();
                    f.live().top().forEach(e -> top.append(top.length() == 0 ? "" : ", ").append('`').append(e.className())
                            .append("` ").append(String.format(Locale.ROOT, "%.1f", e.kb() / 1024.0)));
                    line(String.format(Locale.ROOT, "| %s | %s | -Xmx%s | %.1f MB | %s |", r.scenario().name(), f.name(),
                            f.heap(), f.live().liveKb() / 1024.0, top));
                }
            }
        }
        line("");
    }

    private void rawSection() {
        line("");
        line("## Raw limits (same broker and S3 server, services stopped)");
        line("");
        line("| operation | count | records or objects /s | MB/s |");
        line("|---|---:|---:|---:|");
        for (RawLimits.Rate r : raw.rates) {
            line(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %s |", r.what(), r.ops(), r.perSecond(),
                    r.bytes() > 0 ? String.format(Locale.ROOT, "%.1f", r.mbPerSecond()) : ""));
        }
        double produceCollected = raw.rates.get(0).perSecond();
        double produceEnriched = raw.rates.get(1).perSecond();
        double produceArchived = raw.rates.get(2).perSecond();
        double consume = raw.rates.get(5).perSecond();
        double smallPut = raw.rates.get(7).perSecond();
        double largePut = raw.rates.get(9).perSecond();
        double kafkaPerPost = 1 / produceCollected + 2 / produceEnriched + 1 / produceArchived + 2 / consume;
        double s3Text = 3 / smallPut;
        double s3Image = 2 / largePut + 2 / smallPut;
        line("");
        line("**The same work done raw.** Per post the pipeline produces 4 records (collected, enriched, its copy on "
                + "feeds.bench.v1, archived) and consumes 2, and PUTs 3 small objects (post JSON, index/posts, "
                + "index/collections); a post with an image adds 2 large PUTs (content, WARC) and 2 small ones (provenance, "
                + "index/sha256). Summing the time each costs at the raw rates above (pipelined producer, one consumer, 4 PUT threads), "
                + "and leaving out what raw clients do not do (HEAD/GET checks, the media download, hashing, parsing, language detection):");
        line("");
        line("| | raw time per post | raw posts/s |");
        line("|---|---:|---:|");
        double text = kafkaPerPost + s3Text;
        line(String.format(Locale.ROOT, "| Kafka only (4 produced + 2 consumed records) | %.3f ms | %,.0f |", kafkaPerPost * 1000, 1 / kafkaPerPost));
        line(String.format(Locale.ROOT, "| text post (Kafka + 3 small PUTs) | %.3f ms | %,.0f |", text * 1000, 1 / text));
        for (double share : new double[]{0.2}) {
            double mixed = text + share * s3Image;
            line(String.format(Locale.ROOT, "| corpus mix, %.0f%% with an image | %.3f ms | %,.0f |", share * 100, mixed * 1000, 1 / mixed));
        }
        line("");
        line("That model counts the PUTs the pipeline needs, not the requests it sends. The last three columns charge the raw "
                + "clients the S3 requests the run actually sent per post (section above): the image posts' 2 large PUTs at the "
                + "large-PUT rate and every other request at the small-PUT rate.");
        line("");
        line("| run | pipeline posts/s | raw posts/s for the same mix | pipeline / raw | S3 requests per post, measured | raw posts/s at those requests | pipeline / raw at those requests |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (PipelineBenchmark.RunResult r : results) {
            if (r.scenario().paced()) {
                continue;
            }
            double share = r.scenario().imageShare();
            double rawRate = 1 / (text + share * s3Image);
            double requests = r.metrics().s3Requests() / Math.max(1, r.archived());
            double large = 2 * share;
            double rawAtRequests = 1 / (kafkaPerPost + Math.max(0, requests - large) / smallPut + large / largePut);
            line(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f%% | %.2f | %,.0f | %.1f%% |", r.scenario().name(),
                    r.postsPerSecond(), rawRate, 100 * r.postsPerSecond() / rawRate, requests, rawAtRequests,
                    100 * r.postsPerSecond() / rawAtRequests));
        }
    }

    private static String lat(double[] p) {
        if (Double.isNaN(p[0])) {
            return "—";
        }
        return String.format(Locale.ROOT, "%s / %s / %s / %s", ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]));
    }

    private static String ms(double v) {
        return v >= 10_000 ? String.format(Locale.ROOT, "%.1f s", v / 1000) : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    String mhz = "";
                    for (String m : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                        if (m.startsWith("cpu MHz")) {
                            mhz = ", " + m.substring(m.indexOf(':') + 1).trim() + " MHz";
                            break;
                        }
                    }
                    return l.substring(l.indexOf(':') + 1).trim() + mhz;
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "?";
    }

    static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal")) {
                    long kb = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "?";
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
