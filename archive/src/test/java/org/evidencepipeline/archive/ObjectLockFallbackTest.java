package org.evidencepipeline.archive;


import io.minio.MinioClient;
import io.minio.messages.RetentionMode;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3Proxy has no Object Lock, so a configured retention must fall back to plain writes that still succeed,
 * and say so, rather than fail captures or claim a lock that does not exist. (A server with Object Lock,
 * e.g. MinIO or AWS S3, is not available here: the locked path is not exercised by this suite.)
 */
class ObjectLockFallbackTest {
    @Test
    void retentionIsReportedInactiveAndEvidenceIsStillWrittenWhereTheBucketHasNoObjectLock(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            ArchiveStore store = new ArchiveStore(client, "locked-archive", Optional.of(Duration.ofDays(3650)), RetentionMode.COMPLIANCE);
            store.ensureBucket();

            assertThat(store.retentionActive()).isFalse();
            store.putEvidenceBytes("provenance/x.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(store.get("provenance/x.json")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        }
    }
}
