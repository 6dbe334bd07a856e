package org.evidencepipeline.local;

import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FreePorts;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole pipeline on one machine: a real KRaft broker, a real S3 server (S3Proxy, filesystem backend)
 * and collector, enricher, storer and capturer as separate JVMs with bounded heaps. Everything lives under one data
 * directory. Used by {@code ./pipeline} and by the end-to-end tests.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final String BUCKET = "evidence-archive";
    /** The local ledger's origin line and signer key name. */
    public static final String LEDGER_ORIGIN = "evidence-pipeline.local/ledger";
    public static final List<String> TOPICS = List.of(Topics.POSTS_COLLECTED, Topics.POSTS_ENRICHED, Topics.POSTS_ARCHIVED,
            Topics.PAGES_REQUESTED, Topics.PAGES_ARCHIVED, Topics.VIDEOS_REQUESTED, Topics.VIDEOS_ARCHIVED,
            Topics.LEDGER_ENTRIES,
            Topics.DEAD_LETTER_COLLECTOR, Topics.DEAD_LETTER_ENRICHER, Topics.DEAD_LETTER_STORER, Topics.DEAD_LETTER_CAPTURER);
    /**
     * Start order; they stop all at once. The capturer starts before the collector so it is consuming when the first
     * page requests arrive (Kafka would keep them anyway). It runs even where Chromium is missing: it then answers every
     * request with a {@code skipped} record, so no page request ends nowhere and the summary can say why.
     */
    public static final List<String> SERVICES = List.of("storer", "capturer", "enricher", "collector");
    /**
     * Each fetching stage's own address allow-list setting: {@link Settings#allowCidrs()} goes to all of them (in the
     * environment, e.g. {@code COLLECTOR_HTTP_ALLOW_CIDRS}).
     */
    public static final Map<String, String> ALLOW_CIDRS_SETTING = Map.of(
            "collector", "collector.http.allow-cidrs",
            "enricher", "enricher.links.allow-cidrs",
            "storer", "storer.download.allow-cidrs",
            "capturer", "capturer.proxy.allow-cidrs");
    /** Bounds of {@link #close()}: it must fit in the 30 s a user (or Kubernetes) waits after SIGTERM. */
    static final Duration SERVICES_STOP_BUDGET = ServiceProcess.STOP_GRACE.plusSeconds(4);
    static final Duration S3_STOP_BUDGET = Duration.ofSeconds(4);
    static final Duration BROKER_STOP_BUDGET = Duration.ofSeconds(6);

    /**
     * Where the services' builds are and what to give them.
     *
     * @param allowCidrs address blocks every fetching stage may reach although they are internal (each service's
     *                   setting in {@link #ALLOW_CIDRS_SETTING}); a per-service entry in {@code properties} wins
     * @param properties extra configuration per service name ({@code "storer" -> {"storer.s3.retry-for": "2m"}})
     * @param adminToken the admin role's bearer token ({@code pipeline.api.admin-token}); null picks a random one
     *                   per run (see {@link #adminToken()}); the reader role's token is always random
     */
    public record Settings(Path home, Path dataDir, Path collectionsFile, List<String> allowCidrs, int partitions,
                           Map<String, String> heaps, Map<String, Map<String, String>> properties, String adminToken,
                           List<String> services) {
        public Settings {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            services = services == null ? SERVICES : List.copyOf(services);
            if (!SERVICES.containsAll(services)) {
                throw new IllegalArgumentException("unknown service in " + services + "; known: " + SERVICES);
            }
        }

        /** All of {@link #SERVICES}. */
        public Settings(Path home, Path dataDir, Path collectionsFile, List<String> allowCidrs, int partitions,
                        Map<String, String> heaps, Map<String, Map<String, String>> properties, String adminToken) {
            this(home, dataDir, collectionsFile, allowCidrs, partitions, heaps, properties, adminToken, SERVICES);
        }

        /** The same without {@code service} (e.g. a suite that is not about pages leaves the capturer out). */
        public Settings without(String service) {
            return new Settings(home, dataDir, collectionsFile, allowCidrs, partitions, heaps, properties, adminToken,
                    services.stream().filter(s -> !s.equals(service)).toList());
        }

        public Settings(Path home, Path dataDir, Path collectionsFile, List<String> allowCidrs, int partitions,
                        Map<String, String> heaps) {
            this(home, dataDir, collectionsFile, allowCidrs, partitions, heaps, Map.of(), null);
        }

        public static Map<String, String> defaultHeaps() {
            // The capturer's heap holds a page's artifacts while it hashes and stores them, and decodes the screenshot
            // for the stamped copy (up to 1280 x 16384 px, 80 MiB, twice); Chromium's own memory is outside it.
            return Map.of("collector", "160m", "enricher", "512m", "storer", "192m", "capturer", "384m");
        }

        /**
         * JVM options of each service after {@link ServiceProcess#JVM_OPTIONS}: the C1 compiler only, except for the
         * storer. Over 10,000 text posts on 2 cores C1 alone gave the collector and the enricher less CPU per post (1.3
         * to 1.5 against 2.0 to 2.5 ms, and 4.0 against 4.7 to 5.5 ms); the storer, the pipeline's bottleneck, spent
         * 16.6 ms of CPU per post on C1 against 12.9 ms tiered, for 239 against 299 MB of peak RSS, so it keeps the
         * tiered JIT (BENCHMARKS.md, "Memory: the collector and the storer within 256 MB").
         */
        public static List<String> defaultJvmOptions(String service) {
            return service.equals("storer") ? List.of() : List.of("-XX:TieredStopAtLevel=1");
        }
    }

    private final Settings settings;
    private final Consumer<String> say;
    private final String adminToken;
    private final String readerToken;
    private volatile EmbeddedKafka kafka;
    private volatile S3ProxyServer s3;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Guards starting child processes against {@link #close()}: none may start once closing began. */
    private final Object children = new Object();
    private boolean closing;
    private StopReport stopped;
    private ServiceSupervisor supervisor;
    private volatile java.util.Optional<ChromiumOnPath> chromium = java.util.Optional.empty();

    public LocalPipeline(Settings settings, Consumer<String> say) {
        this.settings = settings;
        this.say = say;
        this.adminToken = settings.adminToken() != null ? settings.adminToken() : randomToken();
        this.readerToken = randomToken();
    }

    /** The admin role's bearer token (collections; it may also read): {@code Authorization: Bearer <token>}. */
    public String adminToken() {
        return adminToken;
    }

    /** The reader role's bearer token (feeds, archive, verify). */
    public String readerToken() {
        return readerToken;
    }

    /** Where the admin token is written for the user (owner-only file), never printed: {@code <data-dir>/api-admin-token}. */
    public Path adminTokenFile() {
        return settings.dataDir().resolve("api-admin-token");
    }

    /** Where the reader token is written for the user (owner-only file): {@code <data-dir>/api-reader-token}. */
    public Path readerTokenFile() {
        return settings.dataDir().resolve("api-reader-token");
    }

    /**
     * The custody ledger's checkpoint signer key (owner-only file {@code <data-dir>/ledger-signer-key}), made on the
     * first run and kept after, since the checkpoints already in this data directory's archive were signed with it. A
     * production ledger gets its key from a Secret ({@code ./pipeline ledger-key}).
     */
    public Path ledgerSignerKeyFile() {
        return settings.dataDir().resolve("ledger-signer-key");
    }

    /** The public verifier key of {@link #ledgerSignerKeyFile()}: what {@code verify} checks checkpoints with. */
    public String ledgerVerifierKey() {
        return CheckpointSigner.fromFile(ledgerSignerKeyFile(), "the local ledger signer key").verifierKey();
    }

    private void ensureLedgerSignerKey() {
        if (!Files.exists(ledgerSignerKeyFile())) {
            writeOwnerOnly(ledgerSignerKeyFile(), CheckpointSigner.generateSignerKey(LEDGER_ORIGIN));
        }
    }

    private void writeApiTokens() {
        try {
            Files.deleteIfExists(settings.dataDir().resolve("api-token")); // the single token of earlier versions
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeOwnerOnly(adminTokenFile(), adminToken);
        writeOwnerOnly(readerTokenFile(), readerToken);
    }

    private static void writeOwnerOnly(Path file, String token) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public void start() {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeApiTokens();
        ensureLedgerSignerKey();
        long t0 = System.nanoTime();
        EmbeddedKafka broker = EmbeddedKafka.start(settings.dataDir().resolve("kafka"));
        synchronized (children) {
            kafka = broker;
            if (closing) {
                // a stop came while the broker started and found nothing to stop
                broker.close();
                refuseIfClosing();
            }
        }
        kafka.createTopics(settings.partitions(), TOPICS);
        say.accept("Kafka (KRaft) broker up at " + kafka.bootstrapServers() + " in " + millis(t0) + " ms");
        long t1 = System.nanoTime();
        synchronized (children) {
            // Held while S3Proxy starts (seconds), so a shutdown meanwhile waits for it and stops it, never orphans it.
            refuseIfClosing();
            s3 = S3ProxyServer.start(settings.dataDir().resolve("s3"));
        }
        say.accept("S3 server (S3Proxy) up at " + s3.endpoint() + " in " + millis(t1) + " ms");
        if (settings.services().contains("capturer")) {
            chromium = ChromiumOnPath.find(System.getenv("PATH"), browserSetting("capturer.browser.chromium"),
                    browserSetting("capturer.browser.chromedriver"));
            if (chromium.isEmpty()) {
                say.accept(ChromiumOnPath.MISSING);
            }
        }
        for (String name : settings.services()) {
            synchronized (children) {
                refuseIfClosing();
                ServiceProcess service = service(name);
                services.put(name, service);
                service.start();
            }
        }
        for (ServiceProcess service : services()) {
            long t = System.nanoTime();
            service.awaitStarted(Duration.ofSeconds(90));
            say.accept(service.name() + " up at " + service.url() + " (pid " + service.pid() + ", heap -Xmx"
                    + settings.heaps().get(service.name()) + ") in " + millis(t) + " ms");
        }
    }

    private java.util.Optional<Path> browserSetting(String key) {
        String value = settings.properties().getOrDefault("capturer", Map.of()).get(key);
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(value));
    }

    /**
     * Whether the capturer has a browser: Chromium and chromedriver on PATH (or where the capturer's settings say);
     * empty before {@link #start()} or when the capturer is not among the services.
     */
    public java.util.Optional<ChromiumOnPath> chromium() {
        return chromium;
    }

    private ServiceProcess service(String name) {
        return service(name, FreePorts.next());
    }

    private ServiceProcess service(String name, int httpPort) {
        Map<String, String> props = new LinkedHashMap<>();
        // Secrets go in the environment, never on the command line where any local user can read them.
        Map<String, String> env = new LinkedHashMap<>();
        // The services read the role tokens from the owner-only files, as from a mounted Secret (a path is no secret).
        props.put("pipeline.api.admin-token-file", adminTokenFile().toString());
        props.put("pipeline.api.reader-token-file", readerTokenFile().toString());
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        // No OTLP collector here: spans are not sampled, so nothing is exported, but trace ids are still created,
        // propagated through Kafka and recorded in provenance. (The exporter itself is fixed at build time.)
        props.put("quarkus.otel.traces.sampler.arg", "0");
        // Crash-guard markers beside this run's broker data: they survive the service's restarts, not another run.
        props.put("pipeline.crash-guard.dir", settings.dataDir().resolve("crash-guard").resolve(name).toString());
        switch (name) {
            case "collector" -> {
                props.put("collector.collections-file", settings.collectionsFile().toString());
                props.put("collector.initial-delay", "1s");
                // Each fetch that yields a new post version is kept as a WARC in the storer's bucket before its posts
                // are published (fetches/...); the same S3 server and key as the storer's.
                props.put("collector.evidence.endpoint", s3.endpoint());
                env.put("COLLECTOR_EVIDENCE_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
                env.put("COLLECTOR_EVIDENCE_SECRET_KEY", S3ProxyServer.SECRET_KEY);
                props.put("collector.evidence.bucket", BUCKET);
            }
            case "storer" -> {
                props.put("storer.s3.endpoint", s3.endpoint());
                env.put("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
                env.put("STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
                props.put("storer.s3.bucket", BUCKET);
                props.put("storer.download.temp-dir", settings.dataDir().resolve("tmp").toString());
                props.put("storer.ledger.origin", LEDGER_ORIGIN);
                props.put("storer.ledger.signer-key-file", ledgerSignerKeyFile().toString());
            }
            case "capturer" -> {
                // Each page's artifacts go content-addressed into the same bucket as the media, with the same key.
                props.put("capturer.s3.endpoint", s3.endpoint());
                env.put("CAPTURER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
                env.put("CAPTURER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
                props.put("capturer.s3.bucket", BUCKET);
                // capturer.work-dir stays the capturer's default on purpose: as root the browser runs as an
                // unprivileged user, who may not traverse a data directory under /root or a 0700 temp directory.
            }
            default -> {
            }
        }
        props.putAll(allowCidrProperties(name, settings.allowCidrs()));
        props.putAll(settings.properties().getOrDefault(name, Map.of()));
        String allowCidrs = props.remove(ALLOW_CIDRS_SETTING.get(name));
        if (allowCidrs != null) {
            // In the environment, not as -D: a service build that does not know its allow-list setting yet ignores an
            // unknown environment variable, but refuses to start on an unknown -D property under its prefix.
            env.put(environmentName(ALLOW_CIDRS_SETTING.get(name)), allowCidrs);
        }
        Path jar = settings.home().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        return new ServiceProcess(name, jar, settings.heaps().get(name), httpPort, props, env, Settings.defaultJvmOptions(name),
                settings.dataDir().resolve("logs").resolve(name + ".log"));
    }

    /** The allow-list setting of {@code service} holding {@code cidrs}; none if the list is empty. */
    public static Map<String, String> allowCidrProperties(String service, List<String> cidrs) {
        String key = ALLOW_CIDRS_SETTING.get(service);
        return key == null || cidrs.isEmpty() ? Map.of() : Map.of(key, String.join(",", cidrs));
    }

    /** How a setting is spelt as an environment variable (MicroProfile Config): {@code a.b-c} -> {@code A_B_C}. */
    public static String environmentName(String setting) {
        return setting.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private void refuseIfClosing() {
        if (closing) {
            throw new IllegalStateException("the local pipeline is stopping");
        }
    }

    /**
     * From now on a service that exits is reported, restarted with back-off and given up on as {@code policy} says
     * (what {@code ./pipeline} does). Tests that kill services on purpose and restart them themselves leave it off.
     */
    public ServiceSupervisor supervise(RestartPolicy policy, Consumer<ServiceEvent> events) {
        synchronized (children) {
            refuseIfClosing();
            if (supervisor != null) {
                throw new IllegalStateException("already supervised");
            }
            supervisor = new ServiceSupervisor(settings.services(), new ServiceSupervisor.Services() {
                @Override
                public ServiceProcess current(String name) {
                    return running(name);
                }

                @Override
                public ServiceProcess relaunch(String name) {
                    // same port as before, so the URLs printed at start-up stay right
                    ServiceProcess old = running(name);
                    return launch(name, old == null ? FreePorts.next() : old.httpPort());
                }
            }, policy, events);
        }
        supervisor.start();
        return supervisor;
    }

    /** Kills the service without warning (kill -9), as a crash or an OOM kill would; {@link #start(String)} brings it back. */
    public void kill(String name) {
        ServiceProcess service = running(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        service.kill();
    }

    /** Starts a fresh process of the service (new JVM, new port, same data and log file) and waits until it is live. */
    public ServiceProcess start(String name) {
        long t = System.nanoTime();
        ServiceProcess fresh = launch(name, FreePorts.next());
        say.accept(name + " up again at " + fresh.url() + " (pid " + fresh.pid() + ") in " + millis(t) + " ms");
        return fresh;
    }

    private ServiceProcess launch(String name, int httpPort) {
        ServiceProcess fresh;
        synchronized (children) {
            refuseIfClosing();
            ServiceProcess old = services.get(name);
            if (old != null && old.isAlive()) {
                throw new IllegalStateException(name + " is still running (pid " + old.pid() + ")");
            }
            fresh = service(name, httpPort);
            services.put(name, fresh);
            fresh.start();
        }
        fresh.awaitStarted(Duration.ofSeconds(90));
        return fresh;
    }

    /** kill -9, then a fresh process: a crash followed by the orchestrator's restart. */
    public ServiceProcess restart(String name) {
        kill(name);
        return start(name);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public S3ProxyServer s3() {
        return s3;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public ServiceProcess running(String name) {
        synchronized (children) {
            return services.get(name);
        }
    }

    public List<ServiceProcess> services() {
        synchronized (children) {
            return new ArrayList<>(services.values());
        }
    }

    /** The supervisor, if {@link #supervise} was called. */
    public java.util.Optional<ServiceSupervisor> supervisor() {
        synchronized (children) {
            return java.util.Optional.ofNullable(supervisor);
        }
    }

    /** The S3 server keeps objects as plain files here: {@code <bucket>/<key>}. */
    public Path archiveDir() {
        return s3.blobDir().resolve(BUCKET);
    }

    /**
     * How {@link #close()} went.
     *
     * @param forced        services that ignored SIGTERM for {@link ServiceProcess#STOP_GRACE} and were killed
     * @param brokerStopped false if the embedded broker's shutdown did not end within its budget (it is left behind;
     *                      a command-line caller should then halt the JVM)
     */
    public record StopReport(List<String> forced, boolean s3Stopped, boolean brokerStopped, long millis) {
        public StopReport {
            forced = List.copyOf(forced);
        }
    }

    /**
     * Stops the supervisor (no more restarts), then the services (all at once: SIGTERM, up to
     * {@link ServiceProcess#STOP_GRACE}, then SIGKILL) so they do not wait on a vanished broker, then S3, then Kafka,
     * each with a bounded wait: 26 s at worst (2 + 14 + 4 + 6). Idempotent and safe from any thread (a shutdown hook
     * and the normal end may both call it; the second waits for the first and gets its report).
     */
    public synchronized StopReport stop() {
        synchronized (children) {
            if (stopped != null) {
                return stopped;
            }
            closing = true;
        }
        long t0 = System.nanoTime();
        ServiceSupervisor sup = supervisor().orElse(null);
        if (sup != null) {
            sup.stop();
        }
        List<String> forced = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Runnable> stops = new ArrayList<>();
        for (ServiceProcess s : services()) {
            stops.add(() -> {
                if (!s.stop(ServiceProcess.STOP_GRACE)) {
                    forced.add(s.name());
                }
            });
        }
        Bounded.all("stop-service", stops, SERVICES_STOP_BUDGET);
        S3ProxyServer s3Server;
        EmbeddedKafka broker;
        synchronized (children) {
            s3Server = s3;
            broker = kafka;
        }
        boolean s3Stopped = s3Server == null || Bounded.run("stop-s3", s3Server::close, S3_STOP_BUDGET);
        boolean brokerStopped = broker == null || Bounded.run("stop-broker", broker::close, BROKER_STOP_BUDGET);
        StopReport report = new StopReport(forced, s3Stopped, brokerStopped, millis(t0));
        synchronized (children) {
            stopped = report;
        }
        return report;
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
