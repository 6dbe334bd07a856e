package org.evidencepipeline.storer.bag;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.LedgerReader;
import org.evidencepipeline.storer.access.ArchiveIndex;

import java.time.Clock;
import java.util.Optional;

/**
 * Wires the court package exporter. The ledger's verifier key and the pinned TSA certificate are the ledger's own
 * settings ({@code storer.ledger.*}, {@code storer.timestamp.tsa-certificate-file}), read here by name.
 */
public class PackageBeans {
    @Produces
    @Singleton
    PackageExporter packageExporter(ArchiveStore store, ArchiveIndex index, Clock clock, PackageConfig config,
                                    @ConfigProperty(name = "storer.ledger.verifier-key") Optional<String> verifierKey,
                                    @ConfigProperty(name = "storer.ledger.signer-key-file") Optional<String> signerKeyFile,
                                    @ConfigProperty(name = "storer.timestamp.tsa-certificate-file") Optional<String> tsaCertificateFile) {
        PackageSettings settings = PackageSettings.of(config.sourceOrganization(), config.maxBytes(), verifierKey, signerKeyFile,
                tsaCertificateFile);
        return new PackageExporter(index, new PackagePlanner(store, index, new LedgerIndex(store), new LedgerReader(store)),
                new PackageWriter(store, settings, clock), settings);
    }
}
