package org.evidencepipeline.local;

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
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;
import java.util.stream.Stream;

/**
 * {@code ./pipeline demo}: runs the whole pipeline locally on the bundled offline demo collection and
 * prints what flowed and where it landed. {@code ./pipeline run --collections FILE}: the same runtime on
 * your own collections, until Ctrl-C.
 */
public final class Pipeline {
    private static final String USAGE = """
            usage: ./pipeline demo [--data-dir DIR] [--timeout SECONDS] [--keep-running]
                   ./pipeline run --collections FILE [--data-dir DIR]

              demo   start an embedded Kafka broker, an S3 server and the three services, collect the bundled
                     offline demo feed (posts in uk, ru, be, ar, en with real images), print progress and a
                     summary, then stop (or keep running with --keep-running, Ctrl-C to stop).
              run    the same runtime with your own collections file; runs until Ctrl-C.

              --data-dir DIR   where Kafka logs, archived objects and service logs go
                               (default: .pipeline/demo or .pipeline/run; demo wipes it first)
            """;

    private final PrintStream out;

    Pipeline(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        quietLibraries();
        System.exit(new Pipeline(System.out).run(args));
    }

    int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Path home = Path.of(System.getProperty("pipeline.home", ".")).toAbsolutePath().normalize();
        String command = args[0];
        Path dataDir = home.resolve(".pipeline").resolve(command);
        Path collections = null;
        Duration timeout = Duration.ofSeconds(180);
        boolean keepRunning = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--collections" -> collections = Path.of(value(args, ++i, "--collections")).toAbsolutePath();
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--timeout")));
                case "--keep-running" -> keepRunning = true;
                default -> {
                    out.println("unknown option " + args[i]);
                    out.print(USAGE);
                    return 2;
                }
            }
        }
        return switch (command) {
            case "demo" -> demo(home, dataDir, timeout, keepRunning);
            case "run" -> {
                if (collections == null || !Files.isRegularFile(collections)) {
                    out.println("run needs --collections FILE (an existing YAML file; see README 'Declaring a collection')");
                    yield 2;
                }
                yield serve(home, dataDir, collections);
            }
            default -> {
                out.println("unknown command " + command);
                out.print(USAGE);
                yield 2;
            }
        };
    }

    private int demo(Path home, Path dataDir, Duration timeout, boolean keepRunning) throws Exception {
        wipe(dataDir);
        out.println("Evidence pipeline demo; data under " + dataDir);
        try (DemoFeed feed = DemoFeed.start()) {
            Path collections = Files.createDirectories(dataDir).resolve("collections.yaml");
            Files.writeString(collections, feed.collectionsYaml(), StandardCharsets.UTF_8);
            out.println("demo feed with " + feed.postCount() + " posts served at " + feed.feedUrl());
            // The demo feed is on loopback, which the storer refuses by default; allow exactly that.
            LocalPipeline.Settings settings = new LocalPipeline.Settings(home, dataDir, collections, List.of("127.0.0.0/8"), 3,
                    LocalPipeline.Settings.defaultHeaps());
            try (LocalPipeline pipeline = new LocalPipeline(settings, this::say)) {
                pipeline.start();
                ProgressMonitor.Progress progress;
                try (ProgressMonitor monitor = new ProgressMonitor(pipeline.bootstrapServers(), LocalPipeline.TOPICS)) {
                    long deadline = System.nanoTime() + timeout.toNanos();
                    do {
                        progress = monitor.poll(Duration.ofMillis(500), this::say);
                    } while (progress.archived().size() < feed.postCount() && System.nanoTime() < deadline);
                    // Let late dead letters (refused captures) arrive for the summary.
                    progress = monitor.poll(Duration.ofSeconds(1), this::say);
                }
                boolean complete = progress.archived().size() >= feed.postCount();
                summary(progress, feed.postCount(), pipeline, dataDir, home, verifyThroughStorer(pipeline, "demo-wire-all"));
                if (!complete) {
                    out.println("INCOMPLETE: only " + progress.archived().size() + " of " + feed.postCount()
                            + " posts archived within " + timeout.toSeconds() + " s; see the service logs above.");
                }
                if (keepRunning) {
                    waitForCtrlC(pipeline);
                }
                out.println("stopping services, S3 server and broker...");
                return complete ? 0 : 1;
            }
        }
    }

    private int serve(Path home, Path dataDir, Path collections) throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings(home, dataDir, collections, List.of(), 3,
                LocalPipeline.Settings.defaultHeaps());
        try (LocalPipeline pipeline = new LocalPipeline(settings, this::say)) {
            pipeline.start();
            try (ProgressMonitor monitor = new ProgressMonitor(pipeline.bootstrapServers(), LocalPipeline.TOPICS)) {
                Thread follower = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        monitor.poll(Duration.ofSeconds(1), this::say);
                    }
                }, "progress");
                follower.setDaemon(true);
                follower.start();
                waitForCtrlC(pipeline);
                follower.interrupt();
            }
            return 0;
        } catch (RuntimeException e) {
            out.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    private void summary(ProgressMonitor.Progress p, int expected, LocalPipeline pipeline, Path dataDir, Path home,
                         String storerVerify) throws IOException {
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
        out.printf("  dead letters     %d (refused/failed captures and unreadable records, with reasons)%n", p.deadLetters());
        out.println();
        out.println("Where to look");
        out.println("  archive bucket   " + rel(home, archive) + "/   (S3 bucket " + LocalPipeline.BUCKET + " as plain files)");
        out.println("    media          sha256/<ab>/<cd>/<sha256>");
        out.println("    provenance     provenance/<capture-id>.json" + (exampleProvenance == null ? "" : "   e.g. " + rel(home, archive.resolve(exampleProvenance))));
        out.println("    posts          posts/<sha256(post id)>/v<version>/<sha256>.json (the post exactly as received)");
        out.println("  service logs     " + rel(home, dataDir.resolve("logs")) + "/");
        out.println("  Kafka data       " + rel(home, dataDir.resolve("kafka")) + "/   topics " + LocalPipeline.TOPICS);
    }

    /** Asks the running storer to re-hash the collection against its provenance (GET /verify/collections/{id}). */
    private static String verifyThroughStorer(LocalPipeline pipeline, String collection) {
        String url = pipeline.running("storer").url() + "/verify/collections/" + collection;
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", "Bearer " + pipeline.apiToken())
                    .timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "unavailable: HTTP " + response.statusCode() + " " + response.body();
            }
            var totals = new org.evidencepipeline.contracts.EventCodec().mapper().readTree(response.body()).path("totals");
            return totals + "   (" + url + ")";
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void waitForCtrlC(LocalPipeline pipeline) throws InterruptedException {
        out.println();
        out.println("Running. Kafka at " + pipeline.bootstrapServers() + ", S3 at " + pipeline.s3().endpoint() + ".");
        for (ServiceProcess s : pipeline.services()) {
            out.println("  " + s.name() + ": " + s.url() + "/q/health  " + s.url() + "/q/metrics");
        }
        out.println("The REST APIs (/collections, /feeds, /verify, /archive) want 'Authorization: Bearer <token>';");
        out.println("the token is in " + pipeline.apiTokenFile() + ", e.g.");
        out.println("  curl -H \"Authorization: Bearer $(cat " + pipeline.apiTokenFile() + ")\" "
                + pipeline.running("storer").url() + "/archive/collections/<id>");
        out.println("Press Ctrl-C to stop.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            pipeline.close();
        }));
        stop.await();
    }

    private void say(String line) {
        out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    private static String rel(Path home, Path p) {
        return p.startsWith(home) ? home.relativize(p).toString() : p.toString();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
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
