package org.evidencepipeline.ledger.checkpoint;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checkpoints are signed notes any C2SP signed-note tool reads: the golang.org/x/mod/sumdb/note reference key signs the
 * reference text to the reference note byte for byte, and checkpoints signed here verify, while any change to the body,
 * the signature, or the key fails.
 */
class SignedCheckpointsInteroperateWithGoNotesTest {
    private static final String SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private static final String NOTE = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void theReferenceKeySignsTheReferenceNoteByteForByte() throws Exception {
        CheckpointSigner signer = CheckpointSigner.fromSignerKey(SKEY);
        assertThat(signer.verifierKey()).isEqualTo(VKEY);
        assertThat(new String(signer.signText(TEXT.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo(NOTE);
        assertThat(new String(CheckpointVerifier.fromVerifierKey(VKEY).openText(NOTE.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void aSignedCheckpointVerifiesAndAnyChangeFails() throws Exception {
        String skey = CheckpointSigner.generateSignerKey("archive.example.org/ledger");
        CheckpointSigner signer = CheckpointSigner.fromSignerKey(skey);
        CheckpointVerifier verifier = CheckpointVerifier.fromVerifierKey(signer.verifierKey());
        Checkpoint c = new Checkpoint("archive.example.org/ledger/0", 1234, new byte[32], Instant.parse("2026-12-02T08:00:00Z"));
        byte[] note = signer.sign(c);
        Checkpoint back = verifier.verify(note);
        assertThat(back.size()).isEqualTo(1234);
        assertThat(back.origin()).isEqualTo(c.origin());
        assertThat(back.time()).isEqualTo(c.time());
        assertThat(signer.toString()).doesNotContain(skey.substring(skey.lastIndexOf('+') + 1));

        String s = new String(note, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(s.replace("\n1234\n", "\n1235\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("does not verify");
        int sig = s.lastIndexOf(' ') + 3;
        String flipped = s.substring(0, sig) + (s.charAt(sig) == 'A' ? 'B' : 'A') + s.substring(sig + 1);
        assertThatThrownBy(() -> verifier.verify(flipped.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CheckpointException.class);
        CheckpointVerifier other = CheckpointVerifier.fromVerifierKey(
                CheckpointSigner.fromSignerKey(CheckpointSigner.generateSignerKey("archive.example.org/ledger")).verifierKey());
        assertThatThrownBy(() -> other.verify(note)).isInstanceOf(CheckpointException.class).hasMessageContaining("no signature by");
        assertThatThrownBy(() -> verifier.verify(c.body())).isInstanceOf(CheckpointException.class);
    }

    @Test
    void aCheckpointBodyParsesOnlyInItsOwnForm() {
        Checkpoint c = new Checkpoint("o/1", 7, new byte[32], Instant.parse("2026-12-02T08:00:00.123Z"));
        assertThat(Checkpoint.parse(c.body()).size()).isEqualTo(7);
        assertThatThrownBy(() -> Checkpoint.parse("o/1\n07\nAAAA\n".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.parse("o/1\n7\n".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }
}
