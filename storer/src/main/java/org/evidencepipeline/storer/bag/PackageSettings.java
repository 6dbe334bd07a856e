package org.evidencepipeline.storer.bag;

import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an export puts in the bag besides the archive's objects, and its cap.
 *
 * @param sourceOrganization bag-info.txt's Source-Organization, when configured
 * @param maxBytes           the most object bytes one package may hold ({@code storer.package.max-bytes})
 * @param verifierKey        the note verifier key of the ledger's checkpoints (public), when configured
 * @param tsaCertificatesPem the pinned TSA certificate(s) as PEM, when configured
 */
public record PackageSettings(Optional<String> sourceOrganization, long maxBytes, Optional<String> verifierKey,
                              Optional<byte[]> tsaCertificatesPem) {

    /**
     * From the storer's settings: the verifier key is {@code storer.ledger.verifier-key}, else derived from the signer
     * key file; only the public verifier key ever reaches a bag.
     */
    public static PackageSettings of(Optional<String> sourceOrganization, long maxBytes, Optional<String> verifierKey,
                                     Optional<String> signerKeyFile, Optional<String> tsaCertificateFile) {
        Optional<String> key = verifierKey.filter(k -> !k.isBlank()).map(String::trim)
                .or(() -> signerKeyFile.filter(f -> !f.isBlank()).map(f -> CheckpointSigner.fromFile(Path.of(f.trim()), "storer.ledger.signer-key-file").verifierKey()));
        Optional<byte[]> pem = tsaCertificateFile.filter(f -> !f.isBlank()).map(f -> read(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new PackageSettings(sourceOrganization.filter(s -> !s.isBlank()), maxBytes, key, pem);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
