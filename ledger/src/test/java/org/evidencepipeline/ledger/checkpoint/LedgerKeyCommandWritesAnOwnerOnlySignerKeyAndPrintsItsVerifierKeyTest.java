package org.evidencepipeline.ledger.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./pipeline ledger-key}: a new mode-600 signer key file, the public verifier key on stdout, never the secret. */
class LedgerKeyCommandWritesAnOwnerOnlySignerKeyAndPrintsItsVerifierKeyTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void theKeyFileIsOwnerOnlyAndSignsCheckpointsThePrintedVerifierKeyAccepts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/signer.key");

        int status = KeyCommand.run(new String[]{"--name", "evidence.example.org/ledger", "--out", file.toString()}, out);

        assertThat(status).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String signerKey = Files.readString(file).strip();
        assertThat(signerKey).startsWith("PRIVATE+KEY+evidence.example.org/ledger+");
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("PRIVATE+KEY").doesNotContain(signerKey.split("\\+", 5)[4]);
        String verifierKey = output.strip().lines().reduce((a, b) -> b).orElseThrow();
        CheckpointSigner signer = CheckpointSigner.fromSignerKey(signerKey);
        assertThat(verifierKey).isEqualTo(signer.verifierKey()).startsWith("evidence.example.org/ledger+");

        Checkpoint checkpoint = new Checkpoint(Checkpoint.origin("evidence.example.org/ledger", "0"), 3, new byte[32],
                Instant.parse("2026-12-02T08:00:00Z"));
        assertThat(CheckpointVerifier.fromVerifierKey(verifierKey).verify(signer.sign(checkpoint)).size()).isEqualTo(3);
    }

    @Test
    void anExistingFileIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("signer.key"), "the key in use\n");

        int status = KeyCommand.run(new String[]{"--name", "n", "--out", file.toString()}, out);

        assertThat(status).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo("the key in use\n");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("exists: not overwritten");
    }

    @Test
    void aMissingOptionOrABadNameIsAUsageErrorAndWritesNothing(@TempDir Path dir) {
        Path file = dir.resolve("signer.key");

        assertThat(KeyCommand.run(new String[]{"--name", "n"}, out)).isEqualTo(2);
        assertThat(KeyCommand.run(new String[]{"--out", file.toString()}, out)).isEqualTo(2);
        assertThat(KeyCommand.run(new String[]{"--name", "has space", "--out", file.toString()}, out)).isEqualTo(2);
        assertThat(file).doesNotExist();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("usage: ledger-key --name NAME --out FILE");
    }
}
