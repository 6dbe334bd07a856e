package org.evidencepipeline.ledger.checkpoint;

import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A checkpoint's RFC 3161 token from a real TSA holds against that TSA's pinned certificate, and fails for another
 * checkpoint's bytes, against another TSA's certificate (even though the token embeds its own), and when nothing is
 * pinned; the pinned certificate survives its PEM round trip.
 */
class CheckpointTokensAreCheckedAgainstThePinnedTsaTest {
    @Test
    void theTokenHoldsOnlyForItsNoteAndItsPinnedTsa() throws Exception {
        CheckpointSigner signer = CheckpointSigner.fromSignerKey(CheckpointSigner.generateSignerKey("test/ledger"));
        byte[] note = signer.sign(new Checkpoint("test/ledger/0", 3, new byte[32], Instant.now()));
        byte[] otherNote = signer.sign(new Checkpoint("test/ledger/0", 4, new byte[32], Instant.now()));
        try (LocalTsaServer tsa = LocalTsaServer.start(); LocalTsaServer otherTsa = LocalTsaServer.start()) {
            byte[] token = new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(10))
                    .stamp(MessageDigest.getInstance("SHA-256").digest(note));
            List<java.security.cert.X509Certificate> pinned = CheckpointStamp.readPem(CheckpointStamp.toPem(List.of(tsa.certificate())));
            CheckpointStamp.Stamped s = CheckpointStamp.check(token, note, pinned);
            assertThat(s.time()).isBefore(Instant.now().plusSeconds(5));
            assertThat(s.tsa()).isNotBlank();

            assertThatThrownBy(() -> CheckpointStamp.check(token, otherNote, pinned))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("other bytes");
            assertThatThrownBy(() -> CheckpointStamp.check(token, note, List.of(otherTsa.certificate())))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("pinned");
            assertThatThrownBy(() -> CheckpointStamp.check(token, note, List.of()))
                    .isInstanceOf(CheckpointException.class);
            byte[] broken = token.clone();
            broken[broken.length - 10] ^= 1;
            assertThatThrownBy(() -> CheckpointStamp.check(broken, note, pinned)).isInstanceOf(CheckpointException.class);
            assertThatThrownBy(() -> CheckpointStamp.readPem("nothing".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(CheckpointException.class);
        }
    }
}
