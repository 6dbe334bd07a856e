package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.evidencepipeline.contracts.CollectorDeadLetter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-source outcomes, exported as metrics (names documented in docs/metrics.md):
 * {@code collector_fetches_total{source,outcome}}, {@code collector_posts_published_total{source}},
 * {@code collector_entries_rejected_total{source}}, {@code collector_source_lag_seconds{source}} (age of
 * the newest post seen), {@code collector_source_failing{source}} (1 while failing) and
 * {@code collector_source_failure_repeats{source}} (polls in a row that ended in the same failure) and
 * {@code collector_page_requests_total{source}} (page capture requests the broker acknowledged) and
 * {@code collector_video_requests_total{source}} (video capture requests the broker acknowledged).
 */
public final class SourceStatusBoard {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();

    public SourceStatusBoard(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void register(String sourceId) {
        if (statuses.putIfAbsent(sourceId, SourceStatus.initial(sourceId)) == null) {
            Gauge.builder("collector.source.lag.seconds", this, b -> b.lagSeconds(sourceId))
                    .description("Seconds between the newest post's publication and now")
                    .tag("source", sourceId).register(registry);
            Gauge.builder("collector.source.failing", this, b -> b.get(sourceId).failingSince() == null ? 0 : 1)
                    .description("1 while the source's last poll failed").tag("source", sourceId).register(registry);
            Gauge.builder("collector.source.failure.repeats", this, b -> b.get(sourceId).failureRepeats())
                    .description("Polls in a row that ended in the same failure (dead-lettered once)")
                    .tag("source", sourceId).register(registry);
        }
    }

    public void succeeded(String sourceId, int published, int rejected, Instant newest, boolean notModified) {
        succeeded(sourceId, published, rejected, newest, notModified, null);
    }

    /** {@code charset} is how the body was decoded (null when the adapter does not say; the last one is kept). */
    public void succeeded(String sourceId, int published, int rejected, Instant newest, boolean notModified, String charset) {
        register(sourceId);
        statuses.compute(sourceId, (k, s) -> s.succeeded(clock.instant(), published, newest, charset));
        counter("collector.fetches", sourceId, notModified ? "not-modified" : "ok").increment();
        Counter.builder("collector.posts.published").tag("source", sourceId).register(registry).increment(published);
        Counter.builder("collector.entries.rejected").tag("source", sourceId).register(registry).increment(rejected);
    }

    /** Characters of an error kept in a source's status; the dead letter (if any) has the detail. */
    public static final int MAX_ERROR_CHARS = 200;

    public void failed(String sourceId, String outcome, String error) {
        failed(sourceId, outcome, error, 0);
    }

    /** {@code repeats}: how many polls in a row ended in this failure, when known durably; 0 to count in memory. */
    public void failed(String sourceId, String outcome, String error, int repeats) {
        register(sourceId);
        String shown = statusText(error);
        statuses.compute(sourceId, (k, s) -> s.failed(clock.instant(), shown, repeats));
        counter("collector.fetches", sourceId, outcome).increment();
    }

    /**
     * An error as GET /collections/{id} shows it: parse errors quote the body they failed on, so at most
     * {@value #MAX_ERROR_CHARS} characters, on one line, without control or format characters.
     */
    static String statusText(String error) {
        return error == null ? null : CollectorDeadLetter.bounded(error.replace('\n', ' ').replace('\t', ' '), MAX_ERROR_CHARS);
    }

    /** Counts a post refused because its id lies outside its source type's namespace. */
    /**
     * What became of the responses (and Jetstream windows) of one poll: {@code preserved} yielded a new post version and
     * were written to the archive as WARC; {@code nothingNew} yielded none and were only counted.
     */
    public void fetchEvidence(String sourceId, int preserved, int nothingNew) {
        Counter.builder("collector.fetches.preserved").description("Fetches kept as WARC: they yielded a new post version")
                .tag("source", sourceId).register(registry).increment(preserved);
        Counter.builder("collector.fetches.nothing.new").description("Fetches that yielded no new post version (not stored)")
                .tag("source", sourceId).register(registry).increment(nothingNew);
    }

    /** Page capture requests of one poll that the broker acknowledged (published beside their posts). */
    public void pagesRequested(String sourceId, int requested) {
        Counter.builder("collector.page.requests").description("Page capture requests published for new post versions")
                .tag("source", sourceId).register(registry).increment(requested);
    }

    /** Video capture requests (one per stream) of one poll that the broker acknowledged (published beside their posts). */
    public void videosRequested(String sourceId, int requested) {
        Counter.builder("collector.video.requests").description("Video capture requests published for new post versions, one per stream")
                .tag("source", sourceId).register(registry).increment(requested);
    }

    /** Custody ledger entries (one per fetch WARC preserved) of one poll that the broker acknowledged. */
    public void ledgerEntriesPublished(String sourceId, int published) {
        Counter.builder("collector.ledger.entries.published").description("Ledger entries published for the fetch WARCs the collector made durable")
                .tag("source", sourceId).register(registry).increment(published);
    }

    public void forgedId(String sourceId) {
        Counter.builder("collector.posts.foreign.id").description("Posts refused: id outside the source type's namespace")
                .tag("source", sourceId).register(registry).increment();
    }

    public SourceStatus get(String sourceId) {
        return statuses.getOrDefault(sourceId, SourceStatus.initial(sourceId));
    }

    public Map<String, SourceStatus> all() {
        return new TreeMap<>(statuses);
    }

    /** Sources whose polls have failed continuously for longer than {@code threshold}. */
    public Map<String, SourceStatus> failingLongerThan(Duration threshold) {
        Map<String, SourceStatus> out = new TreeMap<>();
        Instant cutoff = clock.instant().minus(threshold);
        statuses.forEach((id, s) -> {
            if (s.failingSince() != null && s.failingSince().isBefore(cutoff)) {
                out.put(id, s);
            }
        });
        return out;
    }

    private double lagSeconds(String sourceId) {
        Instant newest = get(sourceId).newestPostPublishedAt();
        return newest == null ? Double.NaN : Math.max(0, Duration.between(newest, clock.instant()).toMillis() / 1000.0);
    }

    private Counter counter(String name, String sourceId, String outcome) {
        return Counter.builder(name).tag("source", sourceId).tag("outcome", outcome).register(registry);
    }
}
