package org.evidencepipeline.reliability;

import io.minio.MinioClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.local.LocalPipeline;
import org.evidencepipeline.local.ServiceProcess;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TopicProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole pipeline for a fault suite: {@link LocalPipeline} (real KRaft broker, real S3 server, the services'
 * real builds as child JVMs), one collection per scenario fed by its own {@link GeneratedFeed}, a follower
 * that sees every record as it arrives, and the {@link InvariantChecker}. Everything lives under
 * {@code target/reliability/<suite>/}, service logs included, for a look after a failure.
 */
public final class ReliabilityPipeline implements AutoCloseable {
    public static final List<String> FOLLOWED = List.of(Topics.POSTS_COLLECTED, Topics.POSTS_ENRICHED, Topics.POSTS_ARCHIVED,
            Topics.DEAD_LETTER_COLLECTOR, Topics.DEAD_LETTER_ENRICHER, Topics.DEAD_LETTER_STORER);

    private final String suite;
    private final Path dataDir;
    private final FeedReplayServer server = FeedReplayServer.start();
    /** The storer's TSA: each ledger checkpoint is time-stamped, so verify can say OK (a real RFC 3161 server). */
    private final LocalTsaServer tsa = LocalTsaServer.start();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, GeneratedFeed> feeds = new LinkedHashMap<>();
    private final EventCodec codec = new EventCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalPipeline pipeline;
    private TopicFollower follower;
    private MinioClient s3;

    public ReliabilityPipeline(String suite) {
        this.suite = suite;
        this.dataDir = Path.of("target", "reliability", suite).toAbsolutePath();
        wipe(dataDir);
    }

    /** A collection {@code scenario} watching a generated feed of {@code posts} posts. */
    public GeneratedFeed feed(String scenario, int posts) {
        GeneratedFeed feed = new GeneratedFeed(server, scenario, posts, scenario.hashCode());
        feeds.put(scenario, feed);
        sources.put(scenario, feed.path());
        return feed;
    }

    public GeneratedFeed feedOf(String scenario) {
        return feeds.get(scenario);
    }

    /** A collection {@code collection} watching whatever the test serves at {@code path} of {@link #server()}. */
    public void source(String collection, String path) {
        sources.put(collection, path);
    }

    public FeedReplayServer server() {
        return server;
    }

    /** Starts broker, S3 and services with these extra settings per service, and follows the topics. */
    public void start(Map<String, Map<String, String>> properties) {
        StringBuilder yaml = new StringBuilder("collections:\n");
        sources.forEach((collection, path) -> yaml.append("  - id: ").append(collection).append('\n')
                .append("    sources:\n")
                .append("      - {id: ").append(collection).append("-feed, type: rss, url: \"").append(server.url(path))
                .append("\", interval: PT1S}\n"));
        Map<String, Map<String, String>> props = new HashMap<>(properties);
        // Every feed of the suite is on one host; the per-host politeness spacing would serialise them.
        Map<String, String> collector = new HashMap<>(props.getOrDefault("collector", Map.of()));
        collector.putIfAbsent("collector.http.min-interval-per-host", "0s");
        props.put("collector", collector);
        try {
            Files.createDirectories(dataDir);
            Path tsaPem = Files.write(dataDir.resolve("tsa.pem"), CheckpointStamp.toPem(List.of(tsa.certificate())));
            Map<String, String> storer = new HashMap<>(props.getOrDefault("storer", Map.of()));
            storer.putIfAbsent("storer.timestamp.tsa-url", tsa.url());
            storer.putIfAbsent("storer.timestamp.tsa-certificate-file", tsaPem.toString());
            // Checkpoints every 2 s, so the invariant check does not wait long for the last entries to be signed.
            storer.putIfAbsent("storer.ledger.checkpoint-interval", "2s");
            props.put("storer", storer);
            Path collections = Files.writeString(dataDir.resolve("collections.yaml"), yaml, StandardCharsets.UTF_8);
            Path home = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
            LocalPipeline.Settings settings = new LocalPipeline.Settings(home, dataDir, collections, List.of("127.0.0.0/8"), 3,
                    LocalPipeline.Settings.defaultHeaps(), props, null)
                    // The fault suites are about the feed path (collector, enricher, storer); page capture is checked by
                    // the capturer's own suites and PipelineEndToEndIT, and a browser per suite would only add minutes.
                    .without("capturer");
            pipeline = new LocalPipeline(settings, line -> say(line));
            pipeline.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        follower = new TopicFollower(pipeline.bootstrapServers(), FOLLOWED);
        s3 = MinioClient.builder().endpoint(pipeline.s3().endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    public TopicFollower follower() {
        return follower;
    }

    public TopicProbe probe() {
        return new TopicProbe(pipeline.bootstrapServers());
    }

    public InvariantChecker checker() {
        return new InvariantChecker(pipeline.bootstrapServers(), s3, LocalPipeline.BUCKET,
                () -> pipeline.running("storer").url(), pipeline.readerToken());
    }

    public MinioClient s3() {
        return s3;
    }

    /** Post ids of the collection's archive records seen so far. */
    public Set<String> archivedIds(String collection) {
        return archiveRecords(collection).stream().map(PostArchived::postId).collect(Collectors.toSet());
    }

    public List<PostArchived> archiveRecords(String collection) {
        List<PostArchived> out = new ArrayList<>();
        for (TopicFollower.Arrival a : follower.arrivals(Topics.POSTS_ARCHIVED)) {
            PostArchived r = codec.read(a.read().value(), PostArchived.class);
            if (r.collectionIds().contains(collection)) {
                out.add(r);
            }
        }
        return out;
    }

    /** When the first record on {@code topic} with one of these keys arrived after {@code afterMillis}; -1 if none yet. */
    public long firstArrivalAfter(String topic, Set<String> keys, long afterMillis) {
        return follower.arrivals(topic, r -> keys.contains(r.key())).stream().mapToLong(TopicFollower.Arrival::seenAtMillis)
                .filter(t -> t > afterMillis).min().orElse(-1);
    }

    /** When the last of these posts got its first archive record; -1 if some have none yet. */
    public long allArchivedAt(Set<String> postIds) {
        Map<String, Long> first = new HashMap<>();
        for (TopicFollower.Arrival a : follower.arrivals(Topics.POSTS_ARCHIVED, r -> postIds.contains(r.key()))) {
            first.merge(a.read().key(), a.seenAtMillis(), Math::min);
        }
        return first.size() < postIds.size() ? -1 : first.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Waits until {@code condition} holds; false if it did not within {@code timeout}. */
    public static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TopicFollower.sleep(200);
        }
        return condition.getAsBoolean();
    }

    /** Each service process is alive and answers its liveness probe. */
    public Map<String, String> serviceHealth() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ServiceProcess s : pipeline.services()) {
            if (!s.isAlive()) {
                out.put(s.name(), "process exited");
                continue;
            }
            try {
                HttpResponse<String> r = get(s.name(), "/q/health/live", null);
                out.put(s.name(), r.statusCode() == 200 ? "UP" : "HTTP " + r.statusCode() + " " + r.body());
            } catch (IOException e) {
                out.put(s.name(), "unreachable: " + e.getMessage());
            }
        }
        return out;
    }

    public HttpResponse<String> get(String service, String path, String token) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pipeline.running(service).url() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public HttpResponse<String> post(String service, String path, String json, String token) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pipeline.running(service).url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** What the services wrote to their logs (all lives of each service, appended). */
    public String serviceLog(String service) {
        try {
            Path log = dataDir.resolve("logs").resolve(service + ".log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public void say(String line) {
        System.out.println("[" + LocalTime.now().withNano(0) + "] [" + suite + "] " + line);
    }

    @Override
    public void close() {
        feeds.values().forEach(GeneratedFeed::close);
        if (follower != null) {
            follower.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        server.close();
        tsa.close();
    }

    static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
