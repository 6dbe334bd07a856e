package org.evidencepipeline.storer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.embedded.LocalTsaServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A ledger signer key (in a file, as a mounted Secret gives it) and a real RFC 3161 TSA on loopback whose certificate
 * is pinned by file. By default the storer's own ledger writer is switched off (the court package tests append the
 * ledger themselves with the real ledger classes, so they are its only writer); with the init argument
 * {@value #STORER_WRITES} {@code = true} the storer's writer runs, signs its checkpoints with the key and has each one
 * time-stamped by the TSA, as in production.
 */
public class LedgerKeysResource implements QuarkusTestResourceLifecycleManager {
    public static final String STORER_WRITES = "storer-writes-ledger";
    public static final Path DIR = Path.of("target", "bag-test-keys");
    public static final String SOURCE_ORGANIZATION = "Bag Test Archive";

    /** What the tests need to build a ledger the storer's settings agree with. */
    public record LedgerKeys(String signerKey, String verifierKey, String tsaUrl, Path tsaPem) {
    }

    private LocalTsaServer tsa;
    private LedgerKeys keys;
    private boolean storerWrites;

    @Override
    public void init(Map<String, String> initArgs) {
        storerWrites = Boolean.parseBoolean(initArgs.getOrDefault(STORER_WRITES, "false"));
    }

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
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "storer.ledger.enabled", Boolean.toString(storerWrites),
                    "storer.ledger.signer-key-file", key.toString(),
                    "storer.timestamp.tsa-certificate-file", pem.toString(),
                    "storer.package.source-organization", SOURCE_ORGANIZATION));
            if (storerWrites) {
                config.put("storer.timestamp.tsa-url", tsa.url());
            }
            return config;
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
