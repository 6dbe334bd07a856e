package org.evidencepipeline.ledger.checkpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code ./pipeline ledger-key --name NAME --out FILE}: makes a fresh Ed25519 checkpoint signer key, writes it to a new
 * owner-only file (mode 600; an existing file is never overwritten, so a key in use cannot be lost by a typo) and
 * prints the matching public verifier key, which is no secret. The signer key itself is never printed.
 * Exit status: 0 written, 1 the file exists or cannot be written, 2 usage error.
 */
public final class KeyCommand {
    static final String USAGE = """
            usage: ledger-key --name NAME --out FILE
              NAME  the key's name, conventionally the ledger's origin (storer.ledger.origin), e.g. evidence.example.org/ledger
              FILE  where the signer key goes (a new file, mode 600): storer.ledger.signer-key-file, or a Kubernetes Secret:
                    kubectl create secret generic evidence-pipeline-ledger-signer --from-file=signer-key=FILE
            """;

    private KeyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        String name = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                out.print(USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--name" -> name = args[++i];
                case "--out" -> file = Path.of(args[++i]);
                default -> {
                    out.print(USAGE);
                    return 2;
                }
            }
        }
        if (name == null || file == null) {
            out.print(USAGE);
            return 2;
        }
        String signerKey;
        try {
            signerKey = CheckpointSigner.generateSignerKey(name);
        } catch (IllegalArgumentException e) {
            out.println("bad --name '" + name + "': " + e.getMessage());
            out.print(USAGE);
            return 2;
        }
        try {
            writeOwnerOnly(file, signerKey);
        } catch (FileAlreadyExistsException e) {
            out.println(file + " exists: not overwritten (a key in use would be lost); choose another --out");
            return 1;
        } catch (IOException e) {
            out.println("cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        out.println("signer key written to " + file + " (mode 600; keep it secret, e.g. in a Kubernetes Secret)");
        out.println("verifier key (public; for storer.ledger.verifier-key, verify --package --verifier-key, and whoever checks your checkpoints):");
        out.println(CheckpointSigner.fromSignerKey(signerKey).verifierKey());
        return 0;
    }

    /** Creates {@code file} new with mode 600 before anything is written to it, so the key is never readable by others. */
    public static void writeOwnerOnly(Path file, String signerKey) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, signerKey + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
