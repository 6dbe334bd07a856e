package org.evidencepipeline.ledger.bag;

import org.evidencepipeline.ledger.checkpoint.CheckpointException;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./pipeline verify --package FILE [--verifier-key KEY | --verifier-key-file FILE] [--tsa-cert PEM]}: verifies a
 * court package offline ({@link PackageVerifier}). Prints one line per failure naming the file and what failed, then a
 * summary; exit 0 only when everything holds, 1 when anything does not, 2 on usage errors.
 */
public final class VerifyPackageCommand {
    static final String USAGE = "usage: verify --package FILE [--verifier-key KEY | --verifier-key-file FILE] [--tsa-cert PEM_FILE]\n"
            + "       checks the bag offline; --verifier-key and --tsa-cert replace the bag's own copies with ones you trust\n";

    private VerifyPackageCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Path file = null;
        Optional<String> key = Optional.empty();
        Optional<List<X509Certificate>> tsa = Optional.empty();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--") && file == null) {
                    file = Path.of(a);
                    continue;
                }
                if (i + 1 >= args.length) {
                    out.print(USAGE);
                    return 2;
                }
                String v = args[++i];
                switch (a) {
                    case "--package" -> file = Path.of(v);
                    case "--verifier-key" -> key = Optional.of(v.trim());
                    case "--verifier-key-file" -> key = Optional.of(Files.readString(Path.of(v)).trim());
                    case "--tsa-cert" -> tsa = Optional.of(CheckpointStamp.readPem(Files.readAllBytes(Path.of(v))));
                    default -> {
                        out.print(USAGE);
                        return 2;
                    }
                }
            }
        } catch (IOException | CheckpointException e) {
            out.println("cannot read " + e.getMessage());
            return 2;
        }
        if (file == null || !Files.isRegularFile(file)) {
            out.print(file == null ? USAGE : "no such file " + file + "\n");
            return 2;
        }
        PackageVerifier.Result result = new PackageVerifier(key, tsa).verify(file);
        result.failures().forEach(f -> out.println("FAIL " + f));
        StringBuilder held = new StringBuilder();
        result.checked().forEach((what, n) -> held.append(held.length() == 0 ? "" : ", ").append(n).append(' ').append(what));
        if (result.ok()) {
            out.println("package OK: " + file + ": every manifest line, payload file, ledger entry, inclusion proof, checkpoint"
                    + " signature and time-stamp, and consistency proof holds (" + held + ")");
            if (result.ownKeys()) {
                out.println("  checked against the bag's own verifier key and/or TSA certificate: this proves the package is intact,"
                        + " not who made it; pass --verifier-key and --tsa-cert you trust to prove that");
            }
            return 0;
        }
        out.println("package FAILED: " + file + ": " + result.failures().size() + " problem(s)" + (held.length() == 0 ? "" : "; held: " + held));
        return 1;
    }
}
