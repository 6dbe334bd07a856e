package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * Command-line verification against any S3-compatible archive, without a running storer:
 * <pre>
 * STORER_S3_ACCESS_KEY=... STORER_S3_SECRET_KEY=... ./pipeline verify --endpoint http://s3:9000 \
 *     --bucket evidence-archive (--capture ID | --post POST_ID | --collection ID | --sha256 HASH | --all)
 * </pre>
 * Prints one line per media capture, per post version with a post provenance record (its raw item re-cut from
 * the fetch WARC and re-hashed, its normalised post re-hashed), per page capture (every artifact re-hashed, its WARC
 * read back against the HTML source) and per video capture (every part and the muxed file re-hashed), and a summary;
 * exit code 0 when nothing is MISMATCH or MISSING (an INCOMPLETE video capture, whose kept parts all check, is
 * reported as such but is no integrity failure), 1 on any MISMATCH or MISSING, 2 on usage errors, 3 when the archive
 * cannot be reached.
 */
public final class VerifyCommand {
    static final String USAGE = "usage: verify --endpoint URL [--bucket NAME] (--capture ID | --post POST_ID | --collection ID | --sha256 HASH | --all)\n"
            + "       credentials from STORER_S3_ACCESS_KEY and STORER_S3_SECRET_KEY\n";

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        String endpoint = null;
        String bucket = "evidence-archive";
        String scope = null;
        String id = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--all".equals(a)) {
                scope = "all";
                continue;
            }
            if (i + 1 >= args.length) {
                out.print(USAGE);
                return 2;
            }
            switch (a) {
                case "--endpoint" -> endpoint = args[++i];
                case "--bucket" -> bucket = args[++i];
                case "--capture", "--post", "--collection", "--sha256" -> {
                    scope = a.substring(2);
                    id = args[++i];
                }
                default -> {
                    out.print(USAGE);
                    return 2;
                }
            }
        }
        String access = env.get("STORER_S3_ACCESS_KEY");
        String secret = env.get("STORER_S3_SECRET_KEY");
        if (endpoint == null || scope == null || access == null || secret == null) {
            out.print(USAGE);
            return 2;
        }
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(access, secret).build();
        ArchiveStore store = new ArchiveStore(client, bucket);
        Verifier verifier = new Verifier(store, new ArchiveIndex(store, client), Clock.systemUTC());
        try {
            VerifyReport report = switch (scope) {
                case "capture" -> verifier.capture(id);
                case "post" -> verifier.post(id);
                case "sha256" -> verifier.hash(id);
                case "all" -> verifier.archive();
                default -> verifier.collection(id);
            };
            for (VerifyReport.Item item : report.items()) {
                String version = item.postVersion() == null ? "" : " v" + item.postVersion();
                String what = VerifyReport.POST.equals(item.kind()) ? "post " + item.postId() + version + " (" + item.provenanceId() + ")"
                        : VerifyReport.PAGE.equals(item.kind()) ? item.captureId() + " (page of " + item.postId() + version + ")"
                        : VerifyReport.VIDEO.equals(item.kind()) ? item.captureId() + " (video of " + item.postId() + version + ")"
                        : item.captureId();
                out.printf("%-8s %-5s %s  %s  %s%n", item.status(), item.kind(), what, item.objectKey() == null ? "-" : item.objectKey(),
                        item.detail());
            }
            out.printf("%s: %d OK, %d MISMATCH, %d MISSING, %d INCOMPLETE%n", report.scope(), report.totals().get(VerifyStatus.OK),
                    report.totals().get(VerifyStatus.MISMATCH), report.totals().get(VerifyStatus.MISSING),
                    report.totals().get(VerifyStatus.INCOMPLETE));
            for (var kind : report.totalsByKind().entrySet()) {
                out.printf("  %s: %d OK, %d MISMATCH, %d MISSING, %d INCOMPLETE%n", kind.getKey(), kind.getValue().get(VerifyStatus.OK),
                        kind.getValue().get(VerifyStatus.MISMATCH), kind.getValue().get(VerifyStatus.MISSING),
                        kind.getValue().get(VerifyStatus.INCOMPLETE));
            }
            if (report.items().isEmpty()) {
                out.println("nothing archived under " + report.scope());
                return 1;
            }
            return report.allOk() ? 0 : 1;
        } catch (StorageException e) {
            out.println("archive unreachable: " + e.getMessage());
            return 3;
        }
    }
}
