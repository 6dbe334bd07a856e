package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
import org.evidencepipeline.collector.evidence.FetchArchive;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.TopicProbe;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The collector's real surroundings for the durable-first tests: the embedded broker (posts topic and cursor topic),
 * S3Proxy holding fetch WARCs through the real {@link org.evidencepipeline.collector.evidence.S3FetchArchive}, and a
 * replay server for a {@link JsonLinesAdapter} page. Each {@link #poll} is one collector lifetime: cursors reloaded
 * from the broker, a new producer and runner, one status board (and meter registry) across lifetimes.
 */
final class EvidenceRig implements AutoCloseable {
    static final String PAGE = "/timeline.jsonl";
    static final String NEXT = "/timeline.jsonl?page=2";

    final EmbeddedKafka kafka;
    final ArchivedFetches archive;
    final FeedReplayServer page = FeedReplayServer.start();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final SourceStatusBoard board = new SourceStatusBoard(meters, Clock.systemUTC());
    private final EventCodec codec = new EventCodec();

    private EvidenceRig(EmbeddedKafka kafka, ArchivedFetches archive) {
        this.kafka = kafka;
        this.archive = archive;
    }

    static EvidenceRig start(Path dir) throws StorageException {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR, Topics.POSTS_DELETED));
        return new EvidenceRig(kafka, ArchivedFetches.start(dir.resolve("s3")));
    }

    void serve(String... lines) {
        servePage(PAGE, lines);
    }

    void servePage(String path, String... lines) {
        page.serve(path, body(lines), "application/x-ndjson");
    }

    static byte[] body(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    WatchedSource source(String sourceId) {
        return new WatchedSource(new SourceSpec(sourceId, JsonLinesAdapter.TYPE, page.url(PAGE), null, Map.of()),
                List.of(new Collection("watch-" + sourceId, null, null, List.of(), List.of())));
    }

    /** A source reading two pages per poll: {@link #PAGE}, then {@link #NEXT}. */
    WatchedSource twoPageSource(String sourceId) {
        return new WatchedSource(new SourceSpec(sourceId, JsonLinesAdapter.TYPE, page.url(PAGE), null, Map.of("next", page.url(NEXT))),
                List.of(new Collection("watch-" + sourceId, null, null, List.of(), List.of())));
    }

    SourceRunner.Outcome poll(WatchedSource source) throws InterruptedException {
        return poll(source, archive.archive(), sink -> sink);
    }

    /** One lifetime whose fetch archive is {@code fetches} and whose sink is {@code sink} wrapped by {@code wrap}. */
    SourceRunner.Outcome poll(WatchedSource source, FetchArchive fetches, Function<PostSink, PostSink> wrap) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            return new SourceRunner(Map.of(JsonLinesAdapter.TYPE, new JsonLinesAdapter(fetcher())), cursors, wrap.apply(sink),
                    board, ArchivedFetches.TOOL, 100, clock, fetches).run(source);
        }
    }

    static PoliteFetcher fetcher() {
        Clock clock = Clock.systemUTC();
        return new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
    }

    /** The source's cursor as a restarted collector would load it from the broker. */
    SourceCursor cursor(String sourceId) {
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS)) {
            cursors.load();
            return cursors.get(sourceId);
        }
    }

    /** Every post on the real posts topic, in no particular order across partitions. */
    List<PostCollected> published() {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                .map(r -> codec.read(r.value(), PostCollected.class)).toList();
    }

    List<String> fetchObjects() throws StorageException {
        return archive.store().keys("fetches/");
    }

    double counter(String name, String sourceId) {
        Counter c = meters.find(name).tag("source", sourceId).counter();
        return c == null ? 0 : c.count();
    }

    double fetches(String sourceId, String outcome) {
        Counter c = meters.find("collector.fetches").tag("source", sourceId).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        page.close();
        archive.close();
        kafka.close();
    }
}
