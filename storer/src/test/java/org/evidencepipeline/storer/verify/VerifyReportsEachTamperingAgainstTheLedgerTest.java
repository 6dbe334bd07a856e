package org.evidencepipeline.storer.verify;

import io.minio.ListObjectsArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerLayout;
import org.evidencepipeline.ledger.tiles.StoredCheckpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way evidence can be tampered with after capture, done to a real archive (S3Proxy) and a real ledger (tiles,
 * index, checkpoints signed with Ed25519 and time-stamped by a real local TSA), is reported by verify with the status
 * that says what no longer holds, never OK; the same archive verified OK before the change.
 */
class VerifyReportsEachTamperingAgainstTheLedgerTest {
    @TempDir
    Path dir;
    private LedgerRig rig;
    private LedgerRig.Archived post;

    @BeforeEach
    void archiveAndLedgerTwoPosts() throws Exception {
        rig = LedgerRig.start(dir);
        post = rig.archiveAndLedger("tamper-post");
        rig.archiveAndLedger("other-post");
        VerifyReport.Item before = rig.verifier().capture(post.media().captureId()).items().get(0);
        assertThat(before.status()).as(before.detail()).isEqualTo(VerifyStatus.OK);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private VerifyReport.Item media() throws Exception {
        return rig.verifier().capture(post.media().captureId()).items().get(0);
    }

    @Test
    void oneByteChangedInAStoredObjectIsAMismatch() throws Exception {
        String key = post.media().objectKey();
        byte[] bytes = rig.store.get(key).orElseThrow();
        bytes[bytes.length / 2] ^= 0x01;
        rig.store.putBytes(key, bytes, "image/jpeg");

        VerifyReport.Item item = media();
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.objectStatus()).isEqualTo(VerifyStatus.MISMATCH);
        // The ledger still proves the hash the object had at capture: that is what the changed bytes are held against.
        assertThat(item.ledger().objects()).filteredOn(p -> p.kind().equals(LedgerEntry.MEDIA))
                .extracting(LedgerProof::status).containsExactly(VerifyStatus.OK);
        LedgerRig.Cli cli = rig.cli("--capture", post.media().captureId());
        assertThat(cli.exit()).as(cli.out()).isEqualTo(1);
        assertThat(cli.out()).contains("MISMATCH");
        LedgerRig.Cli audit = rig.cli("--ledger");
        assertThat(audit.exit()).as(audit.out()).isEqualTo(1);
        assertThat(audit.out()).contains(key);
    }

    @Test
    void oneLedgerEntryChangedNoLongerReachesTheSignedRoot() throws Exception {
        // Back-date the media entry by one second in every entry bundle that holds it: its SHA-256 still matches the
        // object, so only the Merkle proof can tell.
        int changed = 0;
        for (String bundle : keys(LedgerLayout.prefix(LedgerFixture.SHARD) + "tile/entries/")) {
            byte[] bytes = rig.store.get(bundle).orElseThrow();
            if (backDateMediaEntry(bytes, post.media().objectKey())) {
                rig.store.putBytes(bundle, bytes, "application/octet-stream");
                changed++;
            }
        }
        assertThat(changed).isPositive();

        VerifyReport.Item item = media();
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.LEDGER_MISMATCH);
        assertThat(item.detail()).contains("does not reach the signed root");
        assertThat(item.objectStatus()).as("the object itself still re-hashes").isEqualTo(VerifyStatus.OK);
        LedgerRig.Cli audit = rig.cli("--ledger");
        assertThat(audit.exit()).as(audit.out()).isEqualTo(1);
        assertThat(audit.out()).contains("FAIL");
    }

    @Test
    void aCheckpointWithABadSignatureIsABadCheckpoint() throws Exception {
        for (StoredCheckpoint c : rig.ledger.checkpointsOfShard()) {
            String note = new String(c.note(), StandardCharsets.UTF_8);
            int sig = note.lastIndexOf(' ') + 10; // inside the base64 signature of the last line
            char flipped = note.charAt(sig) == 'A' ? 'B' : 'A';
            rig.store.putBytes(c.noteKey(), (note.substring(0, sig) + flipped + note.substring(sig + 1)).getBytes(StandardCharsets.UTF_8),
                    "text/plain");
        }
        VerifyReport.Item item = media();
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.BAD_CHECKPOINT);
        assertThat(item.detail()).contains("signature does not hold");
        LedgerRig.Cli audit = rig.cli("--ledger");
        assertThat(audit.exit()).as(audit.out()).isEqualTo(1);
    }

    @Test
    void aCheckpointWhoseTokenStampsOtherBytesIsABadCheckpoint() throws Exception {
        List<StoredCheckpoint> checkpoints = rig.ledger.checkpointsOfShard();
        assertThat(checkpoints).hasSizeGreaterThan(1);
        // Swap the tokens: each is a genuine token of the pinned TSA, but over the other checkpoint's note.
        StoredCheckpoint first = checkpoints.get(0);
        StoredCheckpoint second = checkpoints.get(1);
        rig.store.putBytes(first.tokenKey(), second.token(), "application/timestamp-reply");
        rig.store.putBytes(second.tokenKey(), first.token(), "application/timestamp-reply");

        VerifyReport.Item item = media();
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.BAD_CHECKPOINT);
        assertThat(item.detail()).contains("time-stamp token").contains("does not hold");
    }

    @Test
    void anObjectRemovedIsMissing() throws Exception {
        rig.client.removeObject(RemoveObjectArgs.builder().bucket("evidence-archive").object(post.media().objectKey()).build());

        VerifyReport.Item item = media();
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.MISSING);
        LedgerRig.Cli audit = rig.cli("--ledger");
        assertThat(audit.exit()).as(audit.out()).isEqualTo(1);
        assertThat(audit.out()).contains(post.media().objectKey());
    }

    @Test
    void anObjectNotInTheLedgerIsNotOk() throws Exception {
        LedgerRig.Archived unledgered = rig.archive("never-ledgered");
        VerifyReport.Item item = rig.verifier().capture(unledgered.media().captureId()).items().get(0);
        assertThat(item.objectStatus()).isEqualTo(VerifyStatus.OK);
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.NOT_IN_LEDGER);
    }

    @Test
    void anObjectWhoseRecordedVersionIsNoLongerCurrentIsReplaced() throws Exception {
        // S3Proxy keeps no versions (gaul/s3proxy#74), so the bucket's "current version" is none; the ledger stated
        // the version the object had when it became durable, as the storer does on a versioned bucket.
        LedgerRig.Archived versioned = rig.archive("versioned-post");
        List<LedgerEntry> entries = new ArrayList<>();
        for (String key : versioned.provenanceKeys()) {
            for (LedgerEntry e : rig.ledger.entriesOf(key)) {
                entries.add(e.kind().equals(LedgerEntry.MEDIA) ? new LedgerEntry(e.schemaVersion(), e.kind(), e.key(), e.sha256(),
                        e.size(), e.captureId(), e.postId(), e.postVersion(), e.collectionIds(), e.time(), "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                        e.within()) : e);
            }
        }
        rig.ledger.append(entries);
        rig.ledger.checkpoint(true);

        VerifyReport.Item item = rig.verifier().capture(versioned.media().captureId()).items().get(0);
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.REPLACED);
        assertThat(item.detail()).contains("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
    }

    private List<String> keys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : rig.client.listObjects(ListObjectsArgs.builder().bucket("evidence-archive").prefix(prefix)
                .recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }

    /** Changes, in place, one digit of the {@code time} of the media entry for {@code key} in an entry bundle. */
    private static boolean backDateMediaEntry(byte[] bundle, String key) {
        ByteBuffer in = ByteBuffer.wrap(bundle);
        while (in.remaining() >= 2) {
            int length = Short.toUnsignedInt(in.getShort());
            int start = in.position();
            String json = new String(bundle, start, length, StandardCharsets.UTF_8);
            if (json.contains("\"kind\":\"media\"") && json.contains("\"key\":\"" + key + "\"")) {
                int t = json.indexOf("\"time\":\"");
                int digit = t + "\"time\":\"".length() + 18; // the seconds' last digit of 2026-12-02T08:00:0S
                byte b = bundle[start + digit];
                assertThat((char) b).isBetween('0', '9');
                bundle[start + digit] = (byte) (b == '0' ? '1' : b - 1);
                return true;
            }
            in.position(start + length);
        }
        return false;
    }
}
