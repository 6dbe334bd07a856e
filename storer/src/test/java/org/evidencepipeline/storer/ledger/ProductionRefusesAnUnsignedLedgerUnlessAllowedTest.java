package org.evidencepipeline.storer.ledger;

import io.quarkus.runtime.LaunchMode;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.storer.StorerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a signer key the prod profile does not start, unless told it may run unsigned; a key is read from its file. */
class ProductionRefusesAnUnsignedLedgerUnlessAllowedTest {
    @Test
    void noKeyInProductionIsAStartUpFailureNamingTheWayOut() {
        assertThatThrownBy(() -> LedgerStage.signer(ledger(Optional.empty(), Optional.empty(), false), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storer.ledger.signer-key-file is required")
                .hasMessageContaining("storer.ledger.allow-unsigned=true");
    }

    @Test
    void allowUnsignedStartsWithoutSigning() {
        assertThat(LedgerStage.signer(ledger(Optional.empty(), Optional.empty(), true), LaunchMode.NORMAL)).isEmpty();
        assertThat(LedgerStage.signer(ledger(Optional.empty(), Optional.empty(), false), LaunchMode.TEST)).isEmpty();
    }

    @Test
    void theKeyFileSignsAndAMismatchedVerifierKeyIsRefused(@TempDir Path dir) throws Exception {
        String key = CheckpointSigner.generateSignerKey("example.org/ledger");
        Path file = Files.writeString(dir.resolve("signer-key"), key + "\n");
        String verifier = CheckpointSigner.fromSignerKey(key).verifierKey();

        Optional<CheckpointSigner> signer = LedgerStage.signer(ledger(Optional.of(file.toString()), Optional.of(verifier), false),
                LaunchMode.NORMAL);
        assertThat(signer).map(CheckpointSigner::verifierKey).contains(verifier);

        String other = CheckpointSigner.fromSignerKey(CheckpointSigner.generateSignerKey("example.org/ledger")).verifierKey();
        assertThatThrownBy(() -> LedgerStage.signer(ledger(Optional.of(file.toString()), Optional.of(other), false), LaunchMode.NORMAL))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> LedgerStage.signer(ledger(Optional.of(dir.resolve("absent").toString()), Optional.empty(), true),
                LaunchMode.NORMAL)).hasMessageContaining("cannot read");
    }

    private static StorerConfig.Ledger ledger(Optional<String> keyFile, Optional<String> verifierKey, boolean allowUnsigned) {
        return new StorerConfig.Ledger() {
            public boolean enabled() {
                return true;
            }

            public String origin() {
                return "example.org/ledger";
            }

            public Optional<String> signerKeyFile() {
                return keyFile;
            }

            public boolean allowUnsigned() {
                return allowUnsigned;
            }

            public Optional<String> verifierKey() {
                return verifierKey;
            }

            public int checkpointEvery() {
                return 256;
            }

            public Duration checkpointInterval() {
                return Duration.ofSeconds(10);
            }

            public int batchMax() {
                return 1000;
            }

            public int dedupWindow() {
                return 65536;
            }
        };
    }
}
