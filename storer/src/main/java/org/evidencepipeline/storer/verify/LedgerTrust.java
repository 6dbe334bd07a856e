package org.evidencepipeline.storer.verify;

import org.evidencepipeline.ledger.checkpoint.CheckpointException;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.ledger.checkpoint.CheckpointVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What verify trusts when it checks the custody ledger, all from configuration and never from the archive: the
 * checkpoints' verifier key, the log origin their origin line must carry, and the pinned TSA certificates their tokens
 * must come from. A missing part is not guessed: without a verifier key no checkpoint counts as signed, without a
 * pinned certificate no token counts as a time-stamp.
 *
 * @param logOrigin       {@code storer.ledger.origin}; a checkpoint of shard s must have origin {@code <logOrigin>/s}
 * @param verifier        the checkpoint signature check, or null when no key is configured
 * @param tsaCertificates the pinned TSA certificates ({@code storer.timestamp.tsa-certificate-file}); empty: none
 */
public record LedgerTrust(String logOrigin, CheckpointVerifier verifier, List<X509Certificate> tsaCertificates) {
    public static final String DEFAULT_ORIGIN = "evidence-pipeline.local/ledger";

    public LedgerTrust {
        tsaCertificates = tsaCertificates == null ? List.of() : List.copyOf(tsaCertificates);
    }

    /** Nothing configured: every object is at best NOT_CHECKPOINTED. */
    public static LedgerTrust none() {
        return new LedgerTrust(DEFAULT_ORIGIN, null, List.of());
    }

    /**
     * From the settings: the inline verifier key if given, else the one derived from the signer key file (the file is
     * read, the private key kept only as long as it takes to derive the public one, and neither is ever logged), and
     * the PEM file of the pinned TSA certificates.
     *
     * @throws IllegalArgumentException naming the setting that does not hold a usable value (never its content)
     */
    public static LedgerTrust load(String logOrigin, Optional<String> verifierKey, Optional<String> signerKeyFile,
                                   Optional<String> tsaCertificateFile) {
        CheckpointVerifier verifier = null;
        Optional<String> inline = verifierKey.map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> file = signerKeyFile.map(String::trim).filter(s -> !s.isEmpty());
        if (inline.isPresent()) {
            try {
                verifier = CheckpointVerifier.fromVerifierKey(inline.get());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("storer.ledger.verifier-key is not a note verifier key");
            }
        } else if (file.isPresent()) {
            verifier = CheckpointVerifier.fromVerifierKey(
                    CheckpointSigner.fromFile(Path.of(file.get()), "storer.ledger.signer-key-file").verifierKey());
        }
        List<X509Certificate> pinned = List.of();
        Optional<String> pem = tsaCertificateFile.map(String::trim).filter(s -> !s.isEmpty());
        if (pem.isPresent()) {
            try {
                pinned = CheckpointStamp.readPem(Files.readAllBytes(Path.of(pem.get())));
            } catch (IOException | CheckpointException e) {
                throw new IllegalArgumentException("cannot read storer.timestamp.tsa-certificate-file " + pem.get() + ": " + e.getMessage());
            }
        }
        String origin = logOrigin == null || logOrigin.isBlank() ? DEFAULT_ORIGIN : logOrigin.trim();
        return new LedgerTrust(origin, verifier, pinned);
    }
}
