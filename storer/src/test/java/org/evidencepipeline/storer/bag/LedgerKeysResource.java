package org.evidencepipeline.storer.bag;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.testsupport.LocalTsaServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A ledger signer key (in a file, as a mounted Secret gives it) and a real RFC 3161 TSA on loopback whose certificate
 * is pinned by file, for the court package tests. The storer's own ledger writer is switched off: these tests append
 * the ledger themselves with the real ledger classes, so they are its only writer.
 */
public class LedgerKeysResource implements QuarkusTestResourceLifecycleManager {
    static final Path DIR = Path.of("target", "bag-test-keys");
    static final String SOURCE_ORGANIZATION = "Bag Test Archive";

    /** What the tests need to build a ledger the storer's settings agree with. */
    public record LedgerKeys(String signerKey, String verifierKey, String tsaUrl, Path tsaPem) {
    }

    private LocalTsaServer tsa;
    private LedgerKeys keys;

    @Override
    public Map<String, String> start() {
        tsa = LocalTsaServer.start();
        String signer = CheckpointSigner.generateSignerKey("bag-test.local");
        try {
            Files.createDirectories(DIR);
            Path key = DIR.resolve("signer-key");
            Files.writeString(key, signer + "\n");
            Path pem = DIR.resolve("tsa.pem");
            Files.write(pem, CheckpointStamp.toPem(List.of(tsa.certificate())));
            keys = new LedgerKeys(signer, CheckpointSigner.fromSignerKey(signer).verifierKey(), tsa.url(), pem);
            return Map.of(
                    "storer.ledger.enabled", "false",
                    "storer.ledger.signer-key-file", key.toString(),
                    "storer.timestamp.tsa-certificate-file", pem.toString(),
                    "storer.package.source-organization", SOURCE_ORGANIZATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(keys, new TestInjector.MatchesType(LedgerKeys.class));
    }

    @Override
    public void stop() {
        if (tsa != null) {
            tsa.close();
        }
    }
}
