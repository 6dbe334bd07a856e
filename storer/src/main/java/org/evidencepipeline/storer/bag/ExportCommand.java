package org.evidencepipeline.storer.bag;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.LedgerReader;
import org.evidencepipeline.storer.access.ArchiveIndex;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./pipeline export (--collection ID | --post ID) --out FILE}: a court package straight from S3, without a
 * running storer, with the storer's settings from the environment (as the storer reads them):
 * <pre>
 * STORER_S3_ENDPOINT, STORER_S3_BUCKET, STORER_S3_ACCESS_KEY, STORER_S3_SECRET_KEY,
 * STORER_LEDGER_VERIFIER_KEY or STORER_LEDGER_SIGNER_KEY_FILE, STORER_TIMESTAMP_TSA_CERTIFICATE_FILE,
 * STORER_PACKAGE_SOURCE_ORGANIZATION, STORER_PACKAGE_MAX_BYTES
 * </pre>
 * ({@code --endpoint} and {@code --bucket} override the first two). The zip is written to {@code FILE.part} and moved
 * to FILE when whole. Exit 0 written, 1 nothing to export, 2 usage, 3 archive unreachable, 4 over the cap.
 */
public final class ExportCommand {
    static final String USAGE = "usage: export (--collection ID | --post POST_ID) --out FILE [--endpoint URL] [--bucket NAME]\n"
            + "       settings from STORER_S3_ENDPOINT, STORER_S3_BUCKET, STORER_S3_ACCESS_KEY, STORER_S3_SECRET_KEY,\n"
            + "       STORER_LEDGER_VERIFIER_KEY or STORER_LEDGER_SIGNER_KEY_FILE, STORER_TIMESTAMP_TSA_CERTIFICATE_FILE,\n"
            + "       STORER_PACKAGE_SOURCE_ORGANIZATION, STORER_PACKAGE_MAX_BYTES (default 10737418240)\n";

    private ExportCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        String endpoint = env.get("STORER_S3_ENDPOINT");
        String bucket = env.getOrDefault("STORER_S3_BUCKET", "evidence-archive");
        String scope = null;
        String id = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                out.print(USAGE);
                return 2;
            }
            String a = args[i];
            String v = args[++i];
            switch (a) {
                case "--endpoint" -> endpoint = v;
                case "--bucket" -> bucket = v;
                case "--out" -> file = Path.of(v);
                case "--collection", "--post" -> {
                    scope = a.substring(2);
                    id = v;
                }
                default -> {
                    out.print(USAGE);
                    return 2;
                }
            }
        }
        String access = env.get("STORER_S3_ACCESS_KEY");
        String secret = env.get("STORER_S3_SECRET_KEY");
        if (endpoint == null || scope == null || file == null || access == null || secret == null) {
            out.print(USAGE);
            return 2;
        }
        PackageSettings settings;
        try {
            settings = PackageSettings.of(Optional.ofNullable(env.get("STORER_PACKAGE_SOURCE_ORGANIZATION")),
                    Long.parseLong(env.getOrDefault("STORER_PACKAGE_MAX_BYTES", "10737418240")),
                    Optional.ofNullable(env.get("STORER_LEDGER_VERIFIER_KEY")), Optional.ofNullable(env.get("STORER_LEDGER_SIGNER_KEY_FILE")),
                    Optional.ofNullable(env.get("STORER_TIMESTAMP_TSA_CERTIFICATE_FILE")));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            out.println("bad setting: " + e.getMessage());
            return 2;
        }
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(access, secret).build();
        ArchiveStore store = new ArchiveStore(client, bucket);
        ArchiveIndex index = new ArchiveIndex(store, client);
        PackageExporter exporter = new PackageExporter(index, new PackagePlanner(store, index, new LedgerIndex(store), new LedgerReader(store)),
                new PackageWriter(store, settings, Clock.systemUTC()), settings);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Optional<PackagePlan> plan = "post".equals(scope) ? exporter.post(id) : exporter.collection(id);
            if (plan.isEmpty()) {
                out.println("nothing archived for " + scope + " " + id);
                return 1;
            }
            try (OutputStream o = Files.newOutputStream(part)) {
                exporter.write(plan.get(), o);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            PackagePlan p = plan.get();
            out.println("wrote " + file + " (" + Files.size(file) + " bytes): " + p.scope() + ", " + p.posts().size() + " post(s), "
                    + p.objects().size() + " object(s), " + p.checkpoints().size() + " checkpoint(s); check it with ./pipeline verify --package "
                    + file);
            return 0;
        } catch (PackageTooLargeException e) {
            out.println(e.getMessage());
            return 4;
        } catch (StorageException e) {
            out.println("archive unreachable: " + e.getMessage());
            deleteQuietly(part);
            return 3;
        } catch (IOException e) {
            out.println("export failed: " + e.getMessage());
            deleteQuietly(part);
            return 3;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the .part file says by its name that it is not a package
        }
    }
}
