package org.evidencepipeline.archive;

import io.minio.MinioClient;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence writes say what they left in the bucket, for the custody ledger. S3Proxy's buckets are unversioned, so every
 * version id here is null (as on any unversioned bucket); a versioned server (MinIO, AWS S3) is not available in this
 * suite, so the non-null path (ObjectWriteResponse/StatObjectResponse version ids) is not exercised here.
 */
class EvidenceWritesReportWhatWasWrittenTest {
    @Test
    void writesReturnTheirKeyAndWhetherTheyCreatedTheObjectAndStatReportsSizeAndVersion(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"))) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            ArchiveStore store = new ArchiveStore(client, "written-archive");
            store.ensureBucket();
            byte[] bytes = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

            ArchiveStore.Written put = store.putEvidenceBytes("provenance/a.json", bytes, "application/json");
            assertThat(put).isEqualTo(new ArchiveStore.Written("provenance/a.json", null, true));

            Path file = dir.resolve("media.bin");
            Files.write(file, new byte[1234]);
            assertThat(store.putEvidenceFile("sha256/x", file, null)).isEqualTo(new ArchiveStore.Written("sha256/x", null, true));

            assertThat(store.writeEvidenceBytesIfAbsent("provenance/b.json", bytes, "application/json"))
                    .isEqualTo(new ArchiveStore.Written("provenance/b.json", null, true));
            ArchiveStore.Written again = store.writeEvidenceBytesIfAbsent("provenance/b.json", "other".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(again.created()).isFalse();
            assertThat(again.versionId()).isNull();
            assertThat(store.get("provenance/b.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
            assertThat(store.putEvidenceBytesIfAbsent("provenance/b.json", bytes, "application/json")).isFalse();

            assertThat(store.stat("sha256/x")).contains(new ArchiveStore.ObjectStat("sha256/x", 1234, null));
            assertThat(store.stat("provenance/a.json")).hasValueSatisfying(s -> assertThat(s.size()).isEqualTo(bytes.length));
            assertThat(store.stat("no/such/object")).isEmpty();
            assertThat(store.versionId("sha256/x")).isEmpty();
            assertThat(store.versionId("no/such/object")).isEmpty();
        }
    }
}
