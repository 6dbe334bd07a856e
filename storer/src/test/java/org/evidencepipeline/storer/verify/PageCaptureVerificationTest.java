package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page captures stored as the capturer stores them, in a real S3 server, verified from the archive alone: all five
 * artifacts re-hash, the WARC's final-URL response hashes to the HTML source and each refusal is recorded; any tampered
 * artifact is a MISMATCH naming it, a deleted one MISSING, and nothing that could not be read passes as OK.
 */
class PageCaptureVerificationTest {
    @TempDir
    static Path dir;
    private static S3ProxyServer s3;
    private static MinioClient client;
    private static ArchiveStore store;
    private static LocalTsaServer tsa;
    private static LedgerFixture ledger;
    private static Verifier verifier;

    @BeforeAll
    static void startArchive() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        store = new ArchiveStore(client, "evidence-archive");
        store.ensureBucket();
        tsa = LocalTsaServer.start();
        ledger = new LedgerFixture(store, tsa);
        verifier = new Verifier(store, new ArchiveIndex(store, client), Clock.systemUTC(), ledger.trust());
    }

    @AfterAll
    static void stopArchive() {
        tsa.close();
        s3.close();
    }

    /** Stored as the capturer stores it and ledgered under a signed, time-stamped checkpoint, as its entries would be. */
    private static PageCaptures.Capture stored(String postId, PageCaptures.Warc warc) throws Exception {
        PageCaptures.Capture c = PageCaptures.build(postId, warc);
        PageCaptures.write(store, c);
        ledger.ledger(c.provenanceKey());
        return c;
    }

    private static VerifyReport.Item only(VerifyReport report) {
        assertThat(report.items()).hasSize(1);
        return report.items().get(0);
    }

    private static VerifyReport.Item pageItem(VerifyReport report, String captureId) {
        return report.items().stream().filter(i -> VerifyReport.PAGE.equals(i.kind()) && captureId.equals(i.captureId()))
                .findFirst().orElseThrow(() -> new AssertionError("no page item " + captureId + " in " + report.items()));
    }

    @Test
    void aPageCaptureAsTheCapturerStoresItVerifiesOkByCaptureByPostByCollectionByEveryArtifactHashAndInTheWholeArchive()
            throws Exception {
        PageCaptures.Capture c = stored("page-ok", PageCaptures.Warc.AS_RECORDED);

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.kind()).isEqualTo("page");
        assertThat(item.status()).isEqualTo(VerifyStatus.OK);
        assertThat(item.postId()).isEqualTo("page-ok");
        assertThat(item.postVersion()).isEqualTo(1);
        assertThat(item.objectKey()).isEqualTo(ArchiveStore.pageProvenanceKey(c.captureId()));
        assertThat(item.expectedSha256()).isEqualTo(c.artifact(PageArtifact.HTML_SOURCE).sha256()).isEqualTo(item.actualSha256());
        for (String role : PageCaptures.ROLES) {
            assertThat(item.detail()).contains(role + " (" + c.bytes().get(role).length + " bytes) hashes to its SHA-256");
        }
        assertThat(item.detail()).contains("the final URL's WARC payload (" + c.bytes().get(PageArtifact.HTML_SOURCE).length
                        + " bytes) hashes to the html-source artifact")
                .contains("1 refused request(s), each with its refusal record in the WARC")
                .contains("WARC-Payload-Digest matches").contains("WARC-Block-Digest matches").contains("no per-record time-stamp");

        VerifyReport byPost = verifier.post("page-ok");
        assertThat(pageItem(byPost, c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        assertThat(byPost.totalsByKind().get("page").get(VerifyStatus.OK)).isEqualTo(1);
        assertThat(byPost.allOk()).isTrue();
        assertThat(pageItem(verifier.collection("page-watch"), c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        for (String role : PageCaptures.ROLES) {
            VerifyReport byHash = verifier.hash(c.artifact(role).sha256());
            assertThat(pageItem(byHash, c.captureId()).status()).as(role).isEqualTo(VerifyStatus.OK);
        }
        VerifyReport all = verifier.archive();
        assertThat(pageItem(all, c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        assertThat(all.totalsByKind()).containsKeys("media", "post", "page");

        // From the command line, by the screenshot's hash.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(new String[] {"--endpoint", s3.endpoint(), "--sha256", c.artifact(PageArtifact.SCREENSHOT).sha256()},
                ledger.cliEnvironment(dir),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("OK               page  " + c.captureId() + " (page of page-ok v1)")
                .contains("  page: 1 OK, 0 MISMATCH, 0 MISSING");
        out.reset();
        VerifyCommand.run(new String[] {"--endpoint", s3.endpoint(), "--all"},
                ledger.cliEnvironment(dir),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK               page  " + c.captureId() + " (page of page-ok v1)")
                .contains("archive: ");
    }

    @Test
    void tamperingWithAnyArtifactIsAMismatchThatNamesIt() throws Exception {
        for (String role : PageCaptures.ROLES) {
            PageCaptures.Capture c = stored("page-tamper-" + role, PageCaptures.Warc.AS_RECORDED);
            byte[] tampered = c.bytes().get(role).clone();
            tampered[tampered.length / 2] ^= 0x01;
            store.putBytes(c.artifact(role).objectKey(), tampered, "application/octet-stream");

            VerifyReport.Item item = only(verifier.capture(c.captureId()));
            assertThat(item.status()).as(role).isEqualTo(VerifyStatus.MISMATCH);
            assertThat(item.detail()).as(role).contains(role + " artifact " + c.artifact(role).objectKey() + " SHA-256 differs");
            for (String other : PageCaptures.ROLES) {
                if (!other.equals(role)) {
                    assertThat(item.detail()).as(role).doesNotContain(other + " artifact " + c.artifact(other).objectKey());
                }
            }
            assertThat(verifier.post(c.postId()).allOk()).isFalse();
        }
    }

    @Test
    void aDeletedArtifactIsMissingAndNamedAndADeletedRecordTheIndexStillNamesIsMissing() throws Exception {
        PageCaptures.Capture c = stored("page-deleted", PageCaptures.Warc.AS_RECORDED);
        PageArtifact dom = c.artifact(PageArtifact.RENDERED_DOM);
        client.removeObject(RemoveObjectArgs.builder().bucket("evidence-archive").object(dom.objectKey()).build());

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISSING);
        assertThat(item.detail()).startsWith("rendered-dom artifact " + dom.objectKey() + " is not in the archive; ledger: ");

        PageCaptures.Capture gone = stored("page-record-gone", PageCaptures.Warc.AS_RECORDED);
        client.removeObject(RemoveObjectArgs.builder().bucket("evidence-archive").object(gone.provenanceKey()).build());
        VerifyReport byPost = verifier.post("page-record-gone");
        assertThat(pageItem(byPost, gone.captureId()).status()).isEqualTo(VerifyStatus.MISSING);
        assertThat(pageItem(byPost, gone.captureId()).detail()).isEqualTo("no page provenance record " + gone.provenanceKey());
        assertThat(byPost.allOk()).isFalse();
    }

    @Test
    void aWarcWhoseFinalResponseDiffersFromTheHtmlSourceIsAMismatchThoughEveryArtifactHashes() throws Exception {
        PageCaptures.Capture c = stored("page-other-payload", PageCaptures.Warc.OTHER_PAYLOAD);

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).startsWith("the final URL's WARC payload (")
                .contains("differs from the html-source artifact " + c.artifact(PageArtifact.HTML_SOURCE).sha256())
                .doesNotContain("SHA-256 differs (");
    }

    @Test
    void aMainDocumentRecordForAnotherUrlIsAMismatch() throws Exception {
        PageCaptures.Capture c = stored("page-misnamed", PageCaptures.Warc.DOCUMENT_ID_ON_THE_IMAGE);

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("is for http://127.0.0.1:8089/img.png, neither the final URL " + c.provenance().finalUrl())
                .contains("differs from the html-source artifact");
    }

    @Test
    void aRefusedRequestWithoutItsRefusalRecordInTheWarcIsAMismatch() throws Exception {
        PageCaptures.Capture c = stored("page-no-refusal", PageCaptures.Warc.NO_REFUSAL);

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).startsWith("refused request " + PageCaptures.REFUSED_URL + " has no refusal record in the WARC; ledger: ");
    }

    @Test
    void theSameBodyRecordedInChunkedFramingHashesToTheHtmlSource() throws Exception {
        PageCaptures.Capture c = stored("page-chunked", PageCaptures.Warc.CHUNKED);

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(item.detail()).contains("hashes to the html-source artifact");
    }

    @Test
    void whatCannotBeReadIsAMismatchNeverOk() throws Exception {
        PageCaptures.Capture garbage = stored("page-garbage-warc", PageCaptures.Warc.GARBAGE);
        VerifyReport.Item item = only(verifier.capture(garbage.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("WARC " + garbage.artifact(PageArtifact.WARC).objectKey() + " cannot be parsed")
                .contains("so the final URL's payload and the refusals are unchecked");

        PageCaptures.Capture unreadable = stored("page-unreadable-record", PageCaptures.Warc.AS_RECORDED);
        store.putBytes(unreadable.provenanceKey(), "{\"kind\":\"page\",\"captureId\":".getBytes(StandardCharsets.UTF_8), "application/json");
        VerifyReport byPost = verifier.post("page-unreadable-record");
        VerifyReport.Item broken = pageItem(byPost, unreadable.captureId());
        assertThat(broken.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(broken.detail()).startsWith("page provenance record " + unreadable.provenanceKey() + " is unreadable");
    }

    @Test
    void aRecordRewrittenToMatchAForgedScreenshotIsCaughtByItsTimeStamp() throws Exception {
        PageCaptures.Capture c = PageCaptures.build("page-stamped", PageCaptures.Warc.AS_RECORDED);
        PageCaptures.write(store, c);
        byte[] record = store.get(c.provenanceKey()).orElseThrow();
        store.putBytes(ArchiveStore.pageTimestampKey(c.captureId()), PageCaptures.timestamp(tsa.url(), record),
                "application/timestamp-reply");
        ledger.ledger(c.provenanceKey()); // with its per-record token
        VerifyReport.Item before = only(verifier.capture(c.captureId()));
        assertThat(before.status()).as(before.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(before.detail()).contains("time-stamped").contains("Local test TSA");

        // A forger stores another screenshot and a record whose hashes (artifacts and prov) all agree with it.
        PageCaptures.Capture forged = PageCaptures.build("page-stamped", PageCaptures.Warc.AS_RECORDED, 1);
        assertThat(forged.captureId()).isEqualTo(c.captureId());
        assertThat(Arrays.equals(forged.bytes().get(PageArtifact.SCREENSHOT), c.bytes().get(PageArtifact.SCREENSHOT))).isFalse();
        PageCaptures.write(store, forged);

        VerifyReport.Item after = only(verifier.capture(c.captureId()));
        assertThat(after.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(after.detail()).startsWith("the provenance record changed after it was time-stamped")
                .as("the ledger, too, holds the record as it was").contains("LEDGER_MISMATCH: page-provenance " + c.provenanceKey());
    }

    @Test
    void aMediaCaptureIdStillVerifiesAsMediaAndAnUnknownIdIsMissing() throws Exception {
        VerifyReport.Item item = only(verifier.capture("no-such-capture"));
        assertThat(item.kind()).isEqualTo("media");
        assertThat(item.status()).isEqualTo(VerifyStatus.MISSING);
    }
}
