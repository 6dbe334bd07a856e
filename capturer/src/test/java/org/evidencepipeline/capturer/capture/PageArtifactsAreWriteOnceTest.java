package org.evidencepipeline.capturer.capture;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Artifacts and page provenance against a real S3 server (and a real local RFC 3161 TSA). */
class PageArtifactsAreWriteOnceTest {
    static S3ProxyServer s3;
    static ArchiveStore store;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.startInTempDir();
        store = new ArchiveStore(MinioClient.builder().endpoint(s3.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "evidence-archive");
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void anArtifactIsStoredUnderItsHashAndIndexedToItsCapture() throws Exception {
        ArtifactWriter writer = new ArtifactWriter(store);
        byte[] dom = "<html>dom one</html>".getBytes(StandardCharsets.UTF_8);
        PageArtifact a = writer.bytes(PageArtifact.RENDERED_DOM, dom, "text/html");
        writer.index(a, "cap-1");
        assertThat(a.sha256()).isEqualTo(Hashes.sha256Hex(dom));
        assertThat(a.objectKey()).isEqualTo(ArchiveStore.contentKey(a.sha256()));
        assertThat(store.get(a.objectKey())).contains(dom);
        assertThat(store.get(ArchiveStore.contentIndexKey(a.sha256(), "cap-1"))).map(String::new)
                .contains(ArchiveStore.pageProvenanceKey("cap-1"));
        // The same bytes from another capture: the same object, a second index entry.
        PageArtifact again = writer.bytes(PageArtifact.RENDERED_DOM, dom, "text/html");
        writer.index(again, "cap-2");
        assertThat(again.objectKey()).isEqualTo(a.objectKey());
        assertThat(store.keys("index/sha256/" + a.sha256() + "/")).hasSize(2);
    }

    @Test
    void aSpooledFileIsRehashedAndRefusedWhenItNoLongerMatchesItsRecording(@TempDir Path dir) throws Exception {
        ArtifactWriter writer = new ArtifactWriter(store);
        Path body = dir.resolve("body");
        Files.write(body, "served bytes".getBytes(StandardCharsets.UTF_8));
        String recorded = Hashes.sha256Hex("served bytes".getBytes(StandardCharsets.UTF_8));
        PageArtifact html = writer.file(PageArtifact.HTML_SOURCE, body, recorded, "text/html");
        assertThat(html.sha256()).isEqualTo(recorded);
        assertThat(store.get(html.objectKey())).contains("served bytes".getBytes(StandardCharsets.UTF_8));

        Files.write(body, "altered on disk".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> writer.file(PageArtifact.HTML_SOURCE, body, recorded, "text/html"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed on disk");
        assertThat(store.exists(ArchiveStore.contentKey(Hashes.sha256Hex("altered on disk".getBytes(StandardCharsets.UTF_8))))).isFalse();
    }

    @Test
    void theFirstProvenanceOfACaptureStaysOnRecordAndIsTimeStamped() throws Exception {
        try (LocalTsaServer tsa = LocalTsaServer.start()) {
            PageProvenanceWriter writer = new PageProvenanceWriter(store,
                    Optional.of(new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(5))));
            PageProvenance first = provenance("cap-tsa", "http://127.0.0.1/first");
            PageProvenance second = provenance("cap-tsa", "http://127.0.0.1/second");
            assertThat(writer.existing("cap-tsa")).isEmpty();
            assertThat(writer.write(first)).isEqualTo(first);
            assertThat(writer.write(second)).as("a later attempt gets the record on file").isEqualTo(first);
            byte[] onFile = store.get(ArchiveStore.pageProvenanceKey("cap-tsa")).orElseThrow();
            assertThat(onFile).isEqualTo(codec.write(first));
            assertThat(writer.existing("cap-tsa")).contains(first);
            byte[] token = store.get(ArchiveStore.pageTimestampKey("cap-tsa")).orElseThrow();
            org.bouncycastle.tsp.TimeStampToken t = new org.bouncycastle.tsp.TimeStampToken(
                    new org.bouncycastle.cms.CMSSignedData(token));
            assertThat(t.getTimeStampInfo().getMessageImprintDigest()).as("the token covers the record on file")
                    .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(onFile));
        }
    }

    @Test
    void aTsaOutageStillStoresTheProvenance() throws Exception {
        PageProvenanceWriter writer = new PageProvenanceWriter(store,
                Optional.of(new TimestampClient(URI.create("http://127.0.0.1:9/tsa"), Duration.ofSeconds(2))));
        PageProvenance p = provenance("cap-no-tsa", "http://127.0.0.1/p");
        assertThat(writer.write(p)).isEqualTo(p);
        assertThat(store.exists(ArchiveStore.pageProvenanceKey("cap-no-tsa"))).isTrue();
        assertThat(store.exists(ArchiveStore.pageTimestampKey("cap-no-tsa"))).isFalse();
    }

    private static PageProvenance provenance(String captureId, String finalUrl) {
        String sha = "ab".repeat(32);
        List<PageArtifact> artifacts = List.of(new PageArtifact(PageArtifact.HTML_SOURCE, ArchiveStore.contentKey(sha), sha, 10, "text/html"));
        ToolInfo tool = new ToolInfo("capturer", "test", "1111");
        return new PageProvenance(PageProvenance.SCHEMA_VERSION, PageProvenance.KIND, captureId, "telegram:1", 1, "telegram",
                List.of("c"), "http://127.0.0.1/p", finalUrl, List.of(),
                new PageProvenance.Document(200, "text/html", "127.0.0.1", List.of(), "<urn:uuid:1>"),
                new PageProvenance.Browser("Chromium", "156", "chromedriver 156", "ua", 1280, 800, 1.0, true),
                new PageProvenance.Proxy("proxy", "cd".repeat(32), 1, 0), Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:01Z"), Instant.parse("2026-12-01T00:00:02Z"),
                new PageProvenance.Screenshot(1280, 900, 900, false), artifacts, List.of(), "evidence-archive",
                new KafkaCoordinates("pages.requested.v1", 0, 0), tool, null, PageProvenance.Prov.of(captureId, tool, finalUrl, artifacts));
    }
}
