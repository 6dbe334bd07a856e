package org.evidencepipeline.local;

import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.PostArchived;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.LogManager;
import java.util.stream.Stream;

/**
 * {@code ./pipeline demo}: runs the whole pipeline locally on the bundled offline demo collection and
 * prints what flowed and where it landed. {@code ./pipeline run --collections FILE}: the same runtime on
 * your own collections, until Ctrl-C.
 */
public final class Pipeline {
    static final String USAGE = """
            usage: ./pipeline demo [--data-dir DIR] [--timeout SECONDS] [--page-wait SECONDS] [--keep-running] [RESTARTS]
                   ./pipeline run --collections FILE [--data-dir DIR] [--allow-cidrs CIDR[,CIDR]] [RESTARTS]
                   ./pipeline verify --endpoint URL ...   (re-hash archived objects straight from S3, each checked in the custody
                   ledger; --ledger audits the whole ledger)
                   ./pipeline export --collection ID | --post ID --out FILE   (a BagIt court package, straight from S3)
                   ./pipeline verify --package FILE [--verifier-key KEY] [--tsa-cert PEM]   (check a package offline)
                   ./pipeline ledger-key --name ORIGIN --out FILE   (a new custody ledger signer key, mode 600)

              demo   start an embedded Kafka broker, an S3 server and the four services, collect the bundled
                     offline demo feed (posts in uk, ru, be, ar, en with real images and one HLS video),
                     capture each post's page in headless Chromium and the video stream part by part, print progress and a summary (with where each screenshot is), then
                     stop (or keep running with --keep-running, Ctrl-C to stop). The demo feed, its media and
                     pages are on this machine, so the collector, the storer and the capturer may reach loopback.
                     Without Chromium it says so in one line and runs the rest (pages are recorded 'skipped').
              run    the same runtime with your own collections file; runs until Ctrl-C or SIGTERM.

              --data-dir DIR      where Kafka logs, archived objects and service logs go
                                  (default: .pipeline/demo or .pipeline/run; demo wipes it first)
              --page-wait SECONDS how long demo waits for the page and video captures once the posts are
                                  archived (default 120); those still pending then are named in the summary
              --allow-cidrs LIST  address blocks every fetching stage may reach although they are internal
                                  (loopback, private, link-local ...), comma-separated, e.g. 127.0.0.0/8,::1/128
                                  to replay feeds and media served on this machine. Given to the collector
                                  (collector.http.allow-cidrs), the enricher's link expander
                                  (enricher.links.allow-cidrs), the storer (storer.download.allow-cidrs) and
                                  the capturer's recording proxy (capturer.proxy.allow-cidrs).
                                  Default: none, internal addresses are refused.
              RESTARTS            a service that exits is reported and restarted after 1 s, 2 s, 4 s ... (at most
                                  30 s); after too many restarts the run ends with exit status 3:
                --max-restarts N          restarts allowed per service within the window (default 5; 0 = none)
                --restart-window SECONDS  the window (default 600)

              Stopping (Ctrl-C, SIGTERM) takes at most about 30 s: services get SIGTERM and 10 s, then are killed.
              Exit status: 0 done (or stopped), 1 failed or incomplete, 2 usage error, 3 a service was given up on.
            """;
    /** Exit status when a service was given up on. */
    static final int GAVE_UP = 3;

    private final PrintStream out;
    private final Shutdown shutdown;

    Pipeline(PrintStream out, Shutdown shutdown) {
        this.out = out;
        this.shutdown = shutdown;
    }

    public static void main(String[] args) throws Exception {
        quietLibraries();
        Shutdown shutdown = new Shutdown(System.out).install();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (!shutdown.requested()) {
                System.out.println("ERROR in " + thread.getName() + ": " + e);
            }
        });
        int status;
        try {
            status = new Pipeline(System.out, shutdown).run(args);
        } catch (Throwable e) {
            // While stopping, the threads being stopped fail in all sorts of ways; that is no news for the user.
            status = 1;
            if (!shutdown.awaitRequested(ServiceSupervisor.SETTLE.multipliedBy(2))) {
                System.out.println("ERROR: " + e.getMessage());
            }
        }
        shutdown.stop(status);
        System.exit(status);
    }

    int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Path home = Path.of(System.getProperty("pipeline.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args, home);
        } catch (Options.UsageError e) {
            out.println(e.getMessage());
            out.print(USAGE);
            return 2;
        }
        return options.command().equals("demo") ? demo(home, options) : serve(home, options);
    }

    private int demo(Path home, Options options) throws Exception {
        Path dataDir = options.dataDir();
        wipe(dataDir);
        out.println("Evidence pipeline demo; data under " + dataDir);
        DemoFeed feed = DemoFeed.start();
        Path collections = Files.createDirectories(dataDir).resolve("collections.yaml");
        Files.writeString(collections, feed.collectionsYaml(), StandardCharsets.UTF_8);
        out.println("demo feed with " + feed.postCount() + " posts served at " + feed.feedUrl());
        // The demo feed, its media and the posts' pages are on loopback, which the collector, the storer and the
        // capturer's proxy refuse by default; allow exactly that, and only for them (the enricher contacts URL
        // shorteners only).
        List<String> loopback = List.of("127.0.0.0/8");
        // A time-stamping authority on loopback for the demo's ledger checkpoints, its certificate pinned as an
        // operator pins a real TSA's: verify then shows the whole chain. It proves only this machine's clock.
        LocalTsaServer tsa = LocalTsaServer.start();
        Path tsaPem = Files.write(dataDir.resolve("demo-tsa.pem"), CheckpointStamp.toPem(List.of(tsa.certificate())));
        Map<String, String> storer = new java.util.HashMap<>(LocalPipeline.allowCidrProperties("storer", loopback));
        storer.put("storer.timestamp.tsa-url", tsa.url());
        storer.put("storer.timestamp.tsa-certificate-file", tsaPem.toString());
        storer.put("storer.ledger.checkpoint-interval", "2s");
        Map<String, Map<String, String>> allow = Map.of(
                "collector", LocalPipeline.allowCidrProperties("collector", loopback),
                "storer", storer,
                "capturer", LocalPipeline.allowCidrProperties("capturer", loopback));
        LocalPipeline.Settings settings = new LocalPipeline.Settings(home, dataDir, collections, List.of(), 3,
                LocalPipeline.Settings.defaultHeaps(), allow, null);
        LocalPipeline pipeline = new LocalPipeline(settings, this::say);
        shutdown.manage(pipeline, () -> {
            feed.close();
            tsa.close();
        });
        pipeline.start();
        ServiceSupervisor supervisor = pipeline.supervise(options.restartPolicy(), this::report);
        try (ProgressMonitor monitor = new ProgressMonitor(pipeline.bootstrapServers(), LocalPipeline.TOPICS)) {
            ProgressMonitor.Progress progress;
            long deadline = System.nanoTime() + options.timeout().toNanos();
            do {
                progress = monitor.poll(Duration.ofMillis(500), supervisor::downSummary, this::say);
            } while (progress.archived().size() < feed.postCount() && System.nanoTime() < deadline && carryOn(supervisor));
            if (shutdown.requested()) {
                return 0;
            }
            // Let late dead letters (refused captures) arrive for the summary.
            progress = monitor.poll(Duration.ofSeconds(1), supervisor::downSummary, this::say);
            boolean complete = progress.archived().size() >= feed.postCount();
            // Pages are captured beside the feed path, seconds each: wait for their records, but only so long.
            long pagesFrom = System.nanoTime();
            long pagesDeadline = pagesFrom + options.pageWait().toNanos();
            // Video streams too (every part fetched, then muxed), within the same bound.
            while ((!progress.pagesPending().isEmpty() || !progress.videosPending().isEmpty())
                    && System.nanoTime() < pagesDeadline && carryOn(supervisor)) {
                progress = monitor.poll(Duration.ofMillis(500), supervisor::downSummary, this::say);
            }
            if (shutdown.requested()) {
                return 0;
            }
            long pagesWaited = (System.nanoTime() - pagesFrom) / 1_000_000_000L;
            summary(progress, feed.postCount(), pipeline, dataDir, home, verifyThroughStorer(pipeline, "demo-wire-all"),
                    captureLines(progress, pipeline, pagesWaited, home));
            if (supervisor.gaveUp().isPresent()) {
                return gaveUp(supervisor.gaveUp().get());
            }
            if (!complete) {
                out.println("INCOMPLETE: only " + progress.archived().size() + " of " + feed.postCount()
                        + " posts archived within " + options.timeout().toSeconds() + " s; see the service logs above.");
            }
            if (options.keepRunning()) {
                printRunning(pipeline);
                while (carryOn(supervisor)) {
                    monitor.poll(Duration.ofSeconds(1), supervisor::downSummary, this::say);
                }
                if (supervisor.gaveUp().isPresent() && !shutdown.requested()) {
                    return gaveUp(supervisor.gaveUp().get());
                }
            }
            return complete ? 0 : 1;
        }
    }

    /** The page capture lines, then the video capture lines. */
    private static List<String> captureLines(ProgressMonitor.Progress progress, LocalPipeline pipeline, long waited, Path home) {
        List<String> lines = new java.util.ArrayList<>(PageCaptureSummary.lines(progress.archived(), progress.pagesRequested(),
                progress.pagesArchived(), pipeline.chromium().isPresent(), waited, pipeline.archiveDir(), f -> rel(home, f)));
        lines.addAll(VideoCaptureSummary.lines(progress.videosRequested(), progress.videosArchived(), waited,
                pipeline.archiveDir(), f -> rel(home, f)));
        return lines;
    }

    private int serve(Path home, Options options) throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings(home, options.dataDir(), options.collections(),
                options.allowCidrs(), 3, LocalPipeline.Settings.defaultHeaps());
        LocalPipeline pipeline = new LocalPipeline(settings, this::say);
        shutdown.manage(pipeline, null);
        if (!options.allowCidrs().isEmpty()) {
            say("fetching stages may reach " + options.allowCidrs() + " (--allow-cidrs)");
        }
        pipeline.start();
        ServiceSupervisor supervisor = pipeline.supervise(options.restartPolicy(), this::report);
        printRunning(pipeline);
        ProgressMonitor.Progress progress;
        try (ProgressMonitor monitor = new ProgressMonitor(pipeline.bootstrapServers(), LocalPipeline.TOPICS)) {
            do {
                progress = monitor.poll(Duration.ofSeconds(1), supervisor::downSummary, this::say);
            } while (carryOn(supervisor));
        }
        if (supervisor.gaveUp().isPresent() && !shutdown.requested()) {
            out.println();
            out.println("Summary");
            out.printf("  posts collected  %d%n", progress.collected().size());
            out.printf("  posts enriched   %d%n", progress.enriched().size());
            out.printf("  posts archived   %d%n", progress.archived().size());
            out.printf("  dead letters     %d%n", progress.deadLetters());
            out.println("  services         " + supervisor.states().entrySet().stream()
                    .map(e -> ServiceState.describe(e.getKey(), e.getValue())).toList());
            out.println("  service logs     " + options.dataDir().resolve("logs") + "/");
            return gaveUp(supervisor.gaveUp().get());
        }
        return 0;
    }

    private boolean carryOn(ServiceSupervisor supervisor) {
        return !shutdown.requested() && supervisor.gaveUp().isEmpty();
    }

    private int gaveUp(ServiceEvent.GaveUp g) {
        out.println("FAILED: " + g.describe() + ". Stopping the run (exit status " + GAVE_UP + ").");
        return GAVE_UP;
    }

    private void report(ServiceEvent event) {
        if (!shutdown.requested()) {
            say(event.describe());
        }
    }

    private void printRunning(LocalPipeline pipeline) {
        out.println();
        out.println("Running. Kafka at " + pipeline.bootstrapServers() + ", S3 at " + pipeline.s3().endpoint() + ".");
        for (ServiceProcess s : pipeline.services()) {
            out.println("  " + s.name() + ": " + s.url() + "/q/health  " + s.url() + "/q/metrics");
        }
        out.println("The REST APIs want 'Authorization: Bearer <token>': the admin token (/collections) is in");
        out.println("  " + pipeline.adminTokenFile() + ", the reader token (/feeds, /archive, /verify) in " + pipeline.readerTokenFile() + ", e.g.");
        out.println("  curl -H \"Authorization: Bearer $(cat " + pipeline.readerTokenFile() + ")\" "
                + pipeline.running("storer").url() + "/archive/collections/<id>");
        out.println("Press Ctrl-C to stop.");
    }

    private void summary(ProgressMonitor.Progress p, int expected, LocalPipeline pipeline, Path dataDir, Path home,
                         String storerVerify, List<String> pages) throws IOException {
        Path archive = pipeline.archiveDir();
        int verified = 0;
        int mismatched = 0;
        String exampleProvenance = null;
        for (PostArchived record : p.archiveRecords()) {
            for (CaptureOutcome c : record.captures()) {
                if (c instanceof CaptureOutcome.Stored s) {
                    if (sha256(archive.resolve(s.objectKey())).equals(s.sha256())) {
                        verified++;
                    } else {
                        mismatched++;
                    }
                    exampleProvenance = exampleProvenance == null ? s.provenanceKey() : exampleProvenance;
                }
            }
        }
        out.println();
        out.println("Summary");
        out.printf("  posts collected  %d (the demo feed has %d)%n", p.collected().size(), expected);
        out.printf("  posts enriched   %d   languages %s%n", p.enriched().size(), p.languages());
        out.printf("  posts archived   %d%n", p.archived().size());
        out.printf("  media captures   %s%n", p.captures());
        out.printf("  bytes stored     %,d%n", p.bytesStored());
        out.printf("  re-hashed        %d stored objects match their SHA-256, %d do not%n", verified, mismatched);
        out.println("  storer verify    " + storerVerify);
        out.println("  custody ledger   ledger/<shard>/ in the archive: each object's entry, checkpoints signed with "
                + rel(home, pipeline.ledgerSignerKeyFile()) + " and time-stamped by the demo's TSA on loopback (pinned by "
                + rel(home, dataDir.resolve("demo-tsa.pem")) + "; a real one is storer.timestamp.tsa-url)");
        out.printf("  dead letters     %d (refused/failed captures and unreadable records, with reasons)%n", p.deadLetters());
        for (String line : PostEvidenceSummary.lines(p.archiveRecords(), p.sourcesAsCollected(), archive, f -> rel(home, f))) {
            out.println(line);
        }
        pages.forEach(out::println);
        out.println();
        out.println("Where to look");
        out.println("  archive bucket   " + rel(home, archive) + "/   (S3 bucket " + LocalPipeline.BUCKET + " as plain files)");
        out.println("    media          sha256/<ab>/<cd>/<sha256>");
        out.println("    provenance     provenance/<capture-id>.json" + (exampleProvenance == null ? "" : "   e.g. " + rel(home, archive.resolve(exampleProvenance))));
        out.println("    posts          posts/<sha256(post id)>/v<version>/<sha256>.json (the post exactly as received)");
        out.println("    fetches        fetches/<ab>/<fetch-id>.warc.gz (each fetch that yielded a new post, as the server sent it)");
        out.println("    post records   provenance/posts/<provenance-id>.json (each post version's source bytes, hashes, derivation)");
        out.println("    pages          provenance/pages/<capture-id>.json (each page capture: browser, proxy, timings, artifacts' SHA-256);");
        out.println("                   its HTML source, rendered DOM, screenshots and WARC are media-style sha256/... objects,");
        out.println("                   found from the post via index/post-pages/<sha256(post id)>/v<version>/<capture-id>");
        out.println("    videos         provenance/videos/<capture-id>.json (each video stream: every part in order with its URL and");
        out.println("                   SHA-256, totals, caps, the muxed MP4 and the ffmpeg that made it); parts and the MP4 are");
        out.println("                   sha256/... objects, found from the post via index/post-videos/<sha256(post id)>/v<version>/<capture-id>");
        out.println("  service logs     " + rel(home, dataDir.resolve("logs")) + "/");
        out.println("  Kafka data       " + rel(home, dataDir.resolve("kafka")) + "/   topics " + LocalPipeline.TOPICS);
    }

    /**
     * Asks the running storer to re-hash the collection against its provenance and check each object in the custody
     * ledger (GET /verify/collections/{id}), once the ledger writer has signed a checkpoint over the last entries and
     * the demo's TSA has time-stamped it (it checkpoints every 2 s here; at most 30 s are waited).
     */
    private static String verifyThroughStorer(LocalPipeline pipeline, String collection) {
        if (!pipeline.running("storer").isAlive()) {
            return "unavailable: the storer is not running";
        }
        String url = pipeline.running("storer").url() + "/verify/collections/" + collection;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            java.net.http.HttpResponse<String> response;
            com.fasterxml.jackson.databind.JsonNode totals;
            do {
                response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Authorization", "Bearer " + pipeline.readerToken())
                        .timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return "unavailable: HTTP " + response.statusCode() + " " + response.body();
                }
                totals = new org.evidencepipeline.contracts.EventCodec().mapper().readTree(response.body()).path("totals");
                com.fasterxml.jackson.databind.JsonNode counted = totals;
                if (org.evidencepipeline.ledger.LedgerLag.caughtUpAndStamped(s -> counted.path(s).asInt(0), 0)) {
                    break;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            return totals + "   (" + url + ")";
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void say(String line) {
        out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    private static String rel(Path home, Path p) {
        return p.startsWith(home) ? home.relativize(p).toString() : p.toString();
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) != -1) {
                    d.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (java.nio.file.NoSuchFileException e) {
            return "missing";
        }
    }

    /** The broker and clients log through JUL here; keep the demo's output to what a user needs. */
    private static void quietLibraries() throws IOException {
        String config = """
                handlers=java.util.logging.ConsoleHandler
                .level=WARNING
                java.util.logging.ConsoleHandler.level=WARNING
                org.apache.kafka.level=SEVERE
                kafka.level=SEVERE
                state.change.logger.level=SEVERE
                """;
        LogManager.getLogManager().readConfiguration(new java.io.ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    }
}
