package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line verification against any S3-compatible archive, without a running storer:
 * <pre>
 * STORER_S3_ACCESS_KEY=... STORER_S3_SECRET_KEY=... ./pipeline verify --endpoint http://s3:9000 \
 *     --bucket evidence-archive (--capture ID | --post POST_ID | --collection ID | --sha256 HASH | --all | --ledger)
 *     [--verifier-key KEY] [--tsa-cert PEM] [--origin ORIGIN]
 * </pre>
 * Prints one line per media capture, per post version with a post provenance record (its raw item re-cut from
 * the fetch WARC and re-hashed, its normalised post re-hashed), per page capture (every artifact re-hashed, its WARC
 * read back against the HTML source) and per video capture (every part and the muxed file re-hashed), each with the
 * custody ledger's part (shard, leaf, checkpoint size, time-stamp time), and a summary. {@code --ledger} audits the
 * whole ledger instead ({@link LedgerAudit}): per shard what held and what failed, and a summary.
 * <p>
 * What the ledger check trusts comes from the flags or the storer's own settings in the environment:
 * {@code STORER_LEDGER_VERIFIER_KEY} (else the key derived from {@code STORER_LEDGER_SIGNER_KEY_FILE}),
 * {@code STORER_TIMESTAMP_TSA_CERTIFICATE_FILE} (the pinned TSA) and {@code STORER_LEDGER_ORIGIN}.
 * <p>
 * Exit code 0 when every item is OK (an INCOMPLETE video capture, whose kept parts all check and whose ledger part
 * holds, is reported as such but is no integrity failure) or, with {@code --ledger}, when every shard holds; 1 on
 * anything else; 2 on usage errors; 3 when the archive cannot be reached.
 */
public final class VerifyCommand {
    static final String USAGE = "usage: verify --endpoint URL [--bucket NAME] (--capture ID | --post POST_ID | --collection ID | --sha256 HASH | --all | --ledger)\n"
            + "              [--verifier-key KEY] [--tsa-cert PEM] [--origin ORIGIN]\n"
            + "       credentials from STORER_S3_ACCESS_KEY and STORER_S3_SECRET_KEY; ledger trust from the flags or\n"
            + "       STORER_LEDGER_VERIFIER_KEY (or STORER_LEDGER_SIGNER_KEY_FILE), STORER_TIMESTAMP_TSA_CERTIFICATE_FILE, STORER_LEDGER_ORIGIN\n";

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
        String verifierKey = env.get("STORER_LEDGER_VERIFIER_KEY");
        String tsaCertificate = env.get("STORER_TIMESTAMP_TSA_CERTIFICATE_FILE");
        String origin = env.get("STORER_LEDGER_ORIGIN");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--all".equals(a) || "--ledger".equals(a)) {
                scope = a.substring(2);
                continue;
            }
            if (i + 1 >= args.length) {
                out.print(USAGE);
                return 2;
            }
            switch (a) {
                case "--endpoint" -> endpoint = args[++i];
                case "--bucket" -> bucket = args[++i];
                case "--verifier-key" -> verifierKey = args[++i];
                case "--tsa-cert" -> tsaCertificate = args[++i];
                case "--origin" -> origin = args[++i];
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
        LedgerTrust trust;
        try {
            trust = LedgerTrust.load(origin, Optional.ofNullable(verifierKey), Optional.ofNullable(env.get("STORER_LEDGER_SIGNER_KEY_FILE")),
                    Optional.ofNullable(tsaCertificate));
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(access, secret).build();
        ArchiveStore store = new ArchiveStore(client, bucket);
        try {
            if ("ledger".equals(scope)) {
                return audit(new LedgerAudit(store, trust).run(), trust, out);
            }
            Verifier verifier = new Verifier(store, new ArchiveIndex(store, client), Clock.systemUTC(), trust);
            VerifyReport report = switch (scope) {
                case "capture" -> verifier.capture(id);
                case "post" -> verifier.post(id);
                case "sha256" -> verifier.hash(id);
                case "all" -> verifier.archive();
                default -> verifier.collection(id);
            };
            print(report, out);
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

    private static void print(VerifyReport report, PrintStream out) {
        for (VerifyReport.Item item : report.items()) {
            String version = item.postVersion() == null ? "" : " v" + item.postVersion();
            String what = VerifyReport.POST.equals(item.kind()) ? "post " + item.postId() + version + " (" + item.provenanceId() + ")"
                    : VerifyReport.PAGE.equals(item.kind()) ? item.captureId() + " (page of " + item.postId() + version + ")"
                    : VerifyReport.VIDEO.equals(item.kind()) ? item.captureId() + " (video of " + item.postId() + version + ")"
                    : item.captureId();
            out.printf("%-16s %-5s %s  %s  %s%n", item.status(), item.kind(), what, item.objectKey() == null ? "-" : item.objectKey(),
                    item.detail());
        }
        out.printf("%s: %s%n", report.scope(), counts(report.totals()));
        for (var kind : report.totalsByKind().entrySet()) {
            out.printf("  %s: %s%n", kind.getKey(), counts(kind.getValue()));
        }
    }

    /** The four statuses always (as before), the ledger's when any item has them. */
    static String counts(Map<VerifyStatus, Integer> totals) {
        StringBuilder b = new StringBuilder();
        for (VerifyStatus s : VerifyStatus.values()) {
            int n = totals.getOrDefault(s, 0);
            if (s.ordinal() <= VerifyStatus.INCOMPLETE.ordinal() || n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(s);
            }
        }
        return b.toString();
    }

    private static int audit(LedgerAudit.Report report, LedgerTrust trust, PrintStream out) {
        if (report.shards().isEmpty()) {
            out.println("no ledger in the bucket (nothing under ledger/ with a committed state)");
            return 1;
        }
        for (LedgerAudit.ShardReport s : report.shards()) {
            out.printf("shard %s: %d entries, %d checkpoint(s): %s%n", s.shard(), s.size(), s.checkpoints(),
                    s.ok() ? "OK" : s.failures().size() + " failure(s)");
            for (String p : s.passed()) {
                out.println("  OK    " + p);
            }
            for (String f : s.failures()) {
                out.println("  FAIL  " + f);
            }
        }
        out.printf("ledger (%s, key %s, %d pinned TSA certificate(s)): %d shard(s), %d entries, %d failure(s): %s%n",
                trust.logOrigin(), trust.verifier() == null ? "none" : trust.verifier().keyName(), trust.tsaCertificates().size(),
                report.shards().size(), report.entries(), report.failures(), report.ok() ? "OK" : "FAILED");
        return report.ok() ? 0 : 1;
    }
}
